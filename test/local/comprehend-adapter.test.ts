/**
 * The analyze step's Comprehend adapter, unchanged, against the local Comprehend server: the same
 * endpoint switch `npm start` uses (AWS_ENDPOINT_URL_COMPREHEND), no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { analyzeTexts as AnalyzeTexts, Analysis, AnalysisOutcome } from '#adapters/sentiment';
import { ENGINE } from '../../local/comprehend/engine';
import { startComprehendServer, type ComprehendServer } from '../../local/comprehend/server';

let server: ComprehendServer;
let analyzeTexts: typeof AnalyzeTexts;

beforeAll(async () => {
  server = await startComprehendServer();
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_COMPREHEND: server.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
  });
  // The client reads its endpoint when first imported.
  ({ analyzeTexts } = await import('#adapters/sentiment'));
});

afterAll(async () => {
  await server.close();
});

function analysis(outcome: AnalysisOutcome | undefined): Analysis {
  if (!outcome || outcome instanceof Error) throw new Error(`expected an analysis, got ${String(outcome)}`);
  return outcome;
}

describe('analyzeTexts against the local Comprehend server', () => {
  it('detects languages, scores each in its own language and records the local engine', async () => {
    const out = await analyzeTexts([
      { key: 'en', text: 'The agent was lovely but the product broke twice.' },
      { key: 'es', text: 'El pedido llegó roto y nadie me respondió, muy decepcionado.' },
      { key: 'fr', text: 'Le personnel était très gentil et la chambre parfaite, merci beaucoup !', language: 'fr' },
      { key: 'nl', text: 'Het pakket kwam veel te laat aan en niemand heeft gereageerd.' },
    ]);

    expect(analysis(out.get('en')).sentiment).toMatchObject({ label: 'MIXED', language: 'en', engine: ENGINE });
    expect(analysis(out.get('es')).sentiment).toMatchObject({ label: 'NEGATIVE', language: 'es' });
    expect(analysis(out.get('fr')).sentiment).toMatchObject({ label: 'POSITIVE', language: 'fr' });
    // Comprehend has no Dutch sentiment: stored NEUTRAL with the reason, not retried forever.
    expect(analysis(out.get('nl')).sentiment).toMatchObject({ label: 'NEUTRAL', language: 'nl', note: expect.stringContaining('not supported') });
  });

  it('redacts PII and tags topics when asked', async () => {
    const text = 'The refund never arrived 😡 call me on +1 415 555 0100 or write to ana@example.com';
    const out = await analyzeTexts([{ key: 'k', text, language: 'en' }], { redactPii: true, keyPhrases: true });
    const { sentiment, redactedText } = analysis(out.get('k'));

    expect(redactedText).toBe('The refund never arrived 😡 call me on [PHONE] or write to [EMAIL]');
    expect(sentiment.label).toBe('NEGATIVE');
    expect(sentiment.keyPhrases).toContain('refund');
    expect(sentiment.keyPhrases?.join(' ')).not.toMatch(/ana@|555/);
  });
});
