/** How each vendor's CSV export maps to FeedbackEvents: columns found by name and wording, dates by zone. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseExportDate } from '../../cli/lib/export-dates';
import { readCsvRows } from '../../cli/lib/lines';
import { eventFromRow, headerRowsOf, resolveMapping, type MappingOptions, type RowResult, type Vendor } from '../../cli/lib/vendor-exports';

const fixture = (name: string) => path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', name);
const now = new Date('2026-11-23T12:00:00Z');

async function importRows(vendor: Vendor, options: MappingOptions = {}, send = false) {
  const rows: string[][] = [];
  for await (const row of readCsvRows(fixture(`${vendor}.csv`))) if ('cells' in row) rows.push(row.cells);
  const headerRows = headerRowsOf(vendor);
  const mapping = resolveMapping(vendor, rows.slice(0, headerRows), options);
  return { mapping, results: rows.slice(headerRows).map((cells) => eventFromRow(cells, mapping, { send, now })) };
}

const events = (results: RowResult[]) => results.flatMap((r) => (r.kind === 'event' ? [r.event] : []));

describe('vendor CSV exports', () => {
  it('typeform: "#" is the response token, the NPS and reason questions are found by their wording', async () => {
    const { mapping, results } = await importRows('typeform');
    expect(mapping.metric).toBe('nps');
    const [promoter] = events(results);
    expect(promoter).toMatchObject({
      source: 'typeform',
      sourceEventId: 'tf0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o',
      occurredAt: '2025-03-01T10:00:00.000Z',
      receivedAt: now.toISOString(),
      customer: { email: 'ana@typeform.example.com' },
      metric: { type: 'nps', score: 10 },
      text: 'Fast delivery, lovely staff',
      outreach: false,
    });
    expect(results.slice(3)).toEqual([
      { kind: 'ignored', reason: 'no score and no text' },
      { kind: 'rejected', reason: 'score 12 is outside NPS 0–10' },
    ]);
  });

  it('surveymonkey: two header rows, Respondent ID, US dates in the zone given', async () => {
    const { results } = await importRows('surveymonkey', { timeZone: 'America/New_York' });
    expect(events(results)[0]).toMatchObject({
      sourceEventId: '114378400321',
      occurredAt: '2025-03-01T15:00:00.000Z',
      customer: { email: 'ana@surveymonkey.example.com', name: 'Ana Lopez' },
      metric: { type: 'nps', score: 9 },
      text: 'Always a pleasure',
    });
    expect(results[2]).toEqual({ kind: 'rejected', reason: 'unreadable date "not a date" in End Date' });
  });

  it('qualtrics: three header rows, ResponseId, the time zone its ImportId row names, the NPS group column ignored', async () => {
    const { mapping, results } = await importRows('qualtrics');
    expect(mapping.headings[mapping.columns.score!]).toBe('Q1 / How likely are you to recommend Acme to a friend?');
    expect(mapping.timeZone).toBe('America/Denver');
    expect(events(results).map((e) => [e.sourceEventId, e.occurredAt, e.metric, e.language])).toEqual([
      ['R_1a2b3c4d5e6f7g8', '2025-03-01T10:00:01.000Z', { type: 'nps', score: 10 }, 'EN'],
      ['R_2a2b3c4d5e6f7g8', '2025-03-02T14:05:31.000Z', { type: 'nps', score: 1 }, 'PT-BR'],
    ]);
  });

  it('delighted: fixed Score/Comment columns, metric from --metric, outreach allowed with --send', async () => {
    const { results } = await importRows('delighted', { metric: 'csat' }, true);
    expect(results.filter((r) => r.kind === 'rejected').map((r) => r.kind === 'rejected' && r.reason)).toEqual(['score 9 is outside CSAT 1–5', 'score 7 is outside CSAT 1–5']);
    const [only, ...rest] = events(results);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ sourceEventId: '1202', customer: { name: 'Bruno Silva' }, metric: { type: 'csat', score: 4 }, text: 'Checkout keeps failing' });
    expect(only).not.toHaveProperty('outreach');
  });

  it('takes --map by heading or column number, and explains what it cannot find', async () => {
    const { mapping } = await importRows('typeform', { map: { score: '3', text: 'Tags' }, metric: 'ces' });
    expect(mapping.columns).toMatchObject({ score: 2, text: 9 });
    expect(mapping.metric).toBe('ces');
    await expect(importRows('typeform', { map: { score: 'Nope' } })).rejects.toThrow(/--map score=Nope: no such column\. Columns: 1: #; 2: How likely/);
    expect(() => resolveMapping('typeform', [['#', 'Colour', 'Submit Date (UTC)']])).toThrow(/No score or comment column recognised .* --map score=<column>/);
  });

  it('gives rows without an id a stable one, so a second import dedupes', () => {
    const mapping = resolveMapping('delighted', [['Score', 'Comment', 'Created at']]);
    const a = eventFromRow(['9', 'Great', '2025-03-01'], mapping, { send: false, now });
    const b = eventFromRow(['9', 'Great', '2025-03-01'], mapping, { send: false, now });
    expect(a.kind === 'event' && b.kind === 'event' && a.event.sourceEventId === b.event.sourceEventId && a.event.id !== b.event.id).toBe(true);
  });
});

describe('parseExportDate', () => {
  it.each([
    ['2024-10-05 02:41:38', 'UTC', '2024-10-05T02:41:38.000Z'],
    ['2026-07-01 10:00:00', 'America/Denver', '2026-07-01T16:00:00.000Z'],
    ['2026-01-01 10:00:00', 'America/Denver', '2026-01-01T17:00:00.000Z'],
    ['11/20/2026 10:15:32 PM', 'UTC', '2026-11-20T22:15:32.000Z'],
    ['11/20/2026 12:05:00 AM', 'Europe/Paris', '2026-11-19T23:05:00.000Z'],
    ['2026-11-20T10:00:00+01:00', 'America/Denver', '2026-11-20T09:00:00.000Z'],
    ['1713418460', 'UTC', '2024-04-18T05:34:20.000Z'],
  ])('%s in %s → %s', (text, zone, iso) => {
    expect(parseExportDate(text, zone)).toBe(iso);
  });

  it.each(['yesterday', '2026-13-01 10:00', '31/31/2026'])('rejects %s', (text) => {
    expect(parseExportDate(text)).toBeUndefined();
  });
});
