/**
 * `cx-loop sources check` with the real binary on genuine vendor material (origins in
 * test/fixtures/webhooks/<source>/README.md): how a saved delivery is read with the bundled mappings
 * or a candidate --config, what a thin vendor's notification names, and clear refusals. No local
 * runtime runs: the command reads files only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';

const dir = mkdtempSync(path.join(tmpdir(), 'cx-sources-'));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const fixture = (source: string, name: string) => `test/fixtures/webhooks/${source}/${name}`;
const TYPEFORM = fixture('typeform', 'vendor-example-payload.json');
const mapped = () => file('typeform-mapping.json', { mappings: { typeform: { score: { ref: 'readable_ref_number2', metric: 'csat' }, name: { ref: 'readable_ref_short_text' }, locale: { hidden: 'lang' } } } });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cx-loop sources check', () => {
  it('reads Typeform\'s example with the bundled config: the comment, no score, and says nothing is checked or sent', async () => {
    const res = await runCli(['sources', 'check', 'typeform', TYPEFORM]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('the signature is not checked. Nothing was sent, stored or written.');
    expect(res.stdout).toMatch(/score\s+none \(no score field recognised: name one in mappings\.typeform\.score\)/);
    expect(res.stdout).toMatch(/comment\s+"It's cold right now!/);
    expect(res.stdout).toMatch(/email\s+laura@example\.com \(typed by the respondent: unverified\)/);
  });

  it('with a candidate mapping: the mapped score and name, and names the mapped part this payload lacks', async () => {
    const res = await runCli(['sources', 'check', 'typeform', TYPEFORM, '--config', mapped()]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('read with mappings.typeform from');
    expect(res.stdout).toMatch(/score\s+csat 4 \(scale 1–5\)/);
    expect(res.stdout).toMatch(/name\s+Laura/);
    expect(res.stdout).toContain('Mapped but not found in this payload (absent, unanswered or outside the scale): mappings.typeform.locale (hidden "lang")');

    const json = await runCli(['sources', 'check', 'typeform', TYPEFORM, '--config', mapped(), '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ kind: 'feedback', signatureChecked: false, enabled: true, unmatched: ['mappings.typeform.locale (hidden "lang")'] });
    expect(report.drafts[0]).toMatchObject({ source: 'typeform', sourceEventId: 'a3a12ec67a1365927098a606107fac15', metric: { type: 'csat', score: 4 }, customer: { name: 'Laura', email: 'laura@example.com' }, sourceRef: { surveyId: 'lT4Z3j' } });
  });

  it('refuses a mapping that names a bad key, before reading the payload', async () => {
    const res = await runCli(['sources', 'check', 'typeform', TYPEFORM, '--config', file('bad.json', { mappings: { typeform: { score: { ref: 'readable_ref_rating', metric: 'stars' } } } })]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('mappings.typeform.score.metric: "stars" is not a scale: use one of nps 0–10, csat 1–5, ces 1–7');
    expect(res.stdout).toBe('');
  });

  it('a Qualtrics notification (a genuine delivery): names the response to fetch, exit 1', async () => {
    const res = await runCli(['sources', 'check', 'qualtrics', fixture('qualtrics', 'vendor-community-delivery-completed.txt')]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('A notification: qualtrics sends no answers in its webhook');
    expect(res.stdout).toContain('R_suq806jn8LGzhx7 (survey SV_cVn9uBwheR9hz01): GET https://<datacenter>.qualtrics.com/API/v3/surveys/SV_cVn9uBwheR9hz01/responses/R_suq806jn8LGzhx7');
  });

  it('a SurveyMonkey response document from the API docs, with the survey definition, and a mapped custom variable', async () => {
    const args = ['sources', 'check', 'surveymonkey', fixture('surveymonkey', 'vendor-response-details.json'), '--survey', fixture('surveymonkey', 'survey-details-for-vendor-response.json')];
    const res = await runCli([...args, '--config', file('sm.json', { mappings: { surveymonkey: { name: { customVariable: 'custvar_1' } } } })]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/score\s+nps 10 \(scale 0–10\)/);
    expect(res.stdout).toMatch(/name\s+one/);
    expect(res.stdout).toMatch(/email\s+— \(no email: nothing can be sent\)/);
  });

  it('says what is wrong with a payload that is neither a delivery nor a response document', async () => {
    const res = await runCli(['sources', 'check', 'hubspot', file('odd.json', { hello: 'world' })]);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/Would be refused \(400\): neither a hubspot webhook delivery \(.*\) nor a hubspot response document \(.*\)/);
  });

  it('refuses an unknown source, naming the known ones', async () => {
    const res = await runCli(['sources', 'check', 'typefrom', TYPEFORM]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/Unknown source "typefrom"\. Known: generic, google-forms, typeform/);
  });

  it('keeps terminal control sequences in customer text out of the output', async () => {
    const doc = JSON.parse((await import('node:fs')).readFileSync(TYPEFORM, 'utf8'));
    doc.form_response.answers[0].text = 'Hello \u001b[2J\u001b]0;owned\u0007 world';
    const res = await runCli(['sources', 'check', 'typeform', file('hostile.json', doc)]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).not.toMatch(/\u001b/);
    expect(res.stdout).toMatch(/comment\s+"Hello/);
  });
});
