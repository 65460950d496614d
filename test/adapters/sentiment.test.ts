import {
  BatchDetectDominantLanguageCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  ComprehendClient,
  DetectPiiEntitiesCommand,
  TooManyRequestsException,
  type BatchDetectSentimentRequest,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { analyzeTexts, type Analysis, type AnalysisOutcome, type TextToScore } from '#adapters/sentiment';

const comprehend = mockClient(ComprehendClient);

/** Answers every BatchDetectSentiment with POSITIVE for each text, like the service would. */
function scoreEverything(): void {
  comprehend.on(BatchDetectSentimentCommand).callsFake((input: BatchDetectSentimentRequest) => ({
    ResultList: (input.TextList ?? []).map((_, Index) => ({
      Index,
      Sentiment: 'POSITIVE',
      SentimentScore: { Positive: 0.9, Negative: 0.05, Neutral: 0.04, Mixed: 0.01 },
    })),
    ErrorList: [],
  }));
}

const texts = (n: number, language?: string): TextToScore[] =>
  Array.from({ length: n }, (_, i) => ({ key: `m${i}`, text: `Lovely service number ${i}`, ...(language ? { language } : {}) }));

function analysis(outcome: AnalysisOutcome | undefined): Analysis {
  if (!outcome || outcome instanceof Error) throw new Error(`expected an analysis, got ${String(outcome)}`);
  return outcome;
}

const sentimentCalls = () => comprehend.commandCalls(BatchDetectSentimentCommand).map((c) => c.args[0].input);

beforeEach(() => {
  comprehend.reset();
});

describe('analyzeTexts batching', () => {
  it('scores 37 texts in 2 BatchDetectSentiment calls of at most 25, with no language detection when the source gave it', async () => {
    scoreEverything();
    const out = await analyzeTexts(texts(37, 'en'));

    expect(sentimentCalls().map((c) => c.TextList?.length)).toEqual([25, 12]);
    expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand)).toHaveLength(0);
    expect(out.size).toBe(37);
    expect(analysis(out.get('m36')).sentiment).toMatchObject({
      label: 'POSITIVE',
      scores: { positive: 0.9, negative: 0.05, neutral: 0.04, mixed: 0.01 },
      language: 'en',
      engine: { name: 'amazon-comprehend', version: '2017-11-27' },
    });
  });

  it('makes no call at all for a batch without text (score-only events)', async () => {
    const out = await analyzeTexts([{ key: 'blank', text: '  \n ' }]);
    expect(comprehend.calls()).toHaveLength(0);
    expect(out.size).toBe(0);
    await analyzeTexts([]);
    expect(comprehend.calls()).toHaveLength(0);
  });

  it('detects the language only for texts that came without one, then groups calls by language', async () => {
    scoreEverything();
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [
        { Index: 0, Languages: [{ LanguageCode: 'es', Score: 0.99 }] },
        { Index: 1, Languages: [{ LanguageCode: 'en', Score: 0.98 }] },
      ],
      ErrorList: [],
    });
    const out = await analyzeTexts([
      { key: 'given', text: 'Great', language: 'en-GB' },
      { key: 'spanish', text: 'Muy buen servicio' },
      { key: 'english', text: 'Very good service' },
      { key: 'brazil', text: 'Ótimo atendimento', language: 'pt-BR' },
    ]);

    expect(comprehend.commandCalls(BatchDetectDominantLanguageCommand).map((c) => c.args[0].input.TextList)).toEqual([['Muy buen servicio', 'Very good service']]);
    expect(sentimentCalls().map((c) => [c.LanguageCode, c.TextList]).sort()).toEqual([
      ['en', ['Great', 'Very good service']],
      ['es', ['Muy buen servicio']],
      ['pt', ['Ótimo atendimento']],
    ]);
    expect(analysis(out.get('spanish')).sentiment.language).toBe('es');
  });

  it('scores an unsupported or undetermined language NEUTRAL with the reason, without calling sentiment', async () => {
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({ ResultList: [{ Index: 0, Languages: [{ LanguageCode: 'und', Score: 0.3 }] }], ErrorList: [] });
    const out = await analyzeTexts([
      { key: 'dutch', text: 'Heel goed', language: 'nl' },
      { key: 'emoji', text: '👍👍' },
    ]);

    expect(sentimentCalls()).toHaveLength(0);
    for (const [key, language] of [['dutch', 'nl'], ['emoji', 'und']] as const) {
      expect(analysis(out.get(key)).sentiment).toEqual({
        label: 'NEUTRAL',
        scores: { positive: 0, negative: 0, neutral: 1, mixed: 0 },
        language,
        note: `language "${language}" is not supported by Comprehend sentiment`,
      });
    }
  });
});

describe('analyzeTexts limits and failures', () => {
  it('truncates a 20 KB emoji-heavy text to at most 5,000 bytes on a character boundary', async () => {
    scoreEverything();
    const text = 'Loved it 😍👍🏽 '.repeat(1_000); // 20 KB of UTF-8, four-byte emoji throughout
    expect(Buffer.byteLength(text)).toBeGreaterThan(20_000);
    await analyzeTexts([{ key: 'long', text, language: 'en' }]);

    const sent = sentimentCalls()[0]?.TextList?.[0] ?? '';
    const bytes = Buffer.from(sent, 'utf8');
    expect(bytes.length).toBeLessThanOrEqual(5_000);
    expect(bytes.length).toBeGreaterThan(4_990);
    expect(text.startsWith(sent)).toBe(true);
    expect(sent).not.toContain('\uFFFD');
    expect(sent).not.toMatch(/[\uD800-\uDBFF]$/); // no half of a surrogate pair at the cut
    expect(bytes.toString('utf8')).toBe(sent);
  });

  it('maps per-item errors back to their own keys: transient ones fail, permanent ones are NEUTRAL with the reason', async () => {
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [{ Index: 0, Sentiment: 'NEGATIVE', SentimentScore: { Positive: 0.01, Negative: 0.97, Neutral: 0.01, Mixed: 0.01 } }],
      ErrorList: [
        { Index: 1, ErrorCode: 'InternalServerException', ErrorMessage: 'try again' },
        { Index: 2, ErrorCode: 'InvalidRequestException', ErrorMessage: 'bad text' },
      ],
    });
    const out = await analyzeTexts(texts(3, 'en'));

    expect(analysis(out.get('m0')).sentiment.label).toBe('NEGATIVE');
    expect(out.get('m1')).toBeInstanceOf(Error);
    expect((out.get('m1') as Error).message).toContain('InternalServerException');
    expect(analysis(out.get('m2')).sentiment).toMatchObject({ label: 'NEUTRAL', note: expect.stringContaining('InvalidRequestException') });
  });

  it('fails only the texts of a call that stays throttled after the SDK retries', async () => {
    scoreEverything();
    comprehend
      .on(BatchDetectSentimentCommand, { LanguageCode: 'es' })
      .rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const out = await analyzeTexts([...texts(30, 'en'), { key: 'es1', text: 'Genial', language: 'es' }, { key: 'es2', text: 'Fatal', language: 'es' }]);

    expect(out.get('es1')).toBeInstanceOf(TooManyRequestsException);
    expect(out.get('es2')).toBeInstanceOf(TooManyRequestsException);
    const english = [...out].filter(([key]) => key.startsWith('m'));
    expect(english).toHaveLength(30);
    expect(english.every(([, outcome]) => !(outcome instanceof Error))).toBe(true);
  });

  it('fails the texts whose language detection call fails, and scores the rest', async () => {
    scoreEverything();
    comprehend.on(BatchDetectDominantLanguageCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const out = await analyzeTexts([{ key: 'unknown', text: 'Great stuff' }, { key: 'known', text: 'Great stuff', language: 'en' }]);

    expect(out.get('unknown')).toBeInstanceOf(Error);
    expect(analysis(out.get('known')).sentiment.label).toBe('POSITIVE');
  });
});

describe('analyzeTexts key phrases and PII redaction', () => {
  const comment = { key: 'k', text: '😡 The delivery was late, email me at ana@example.com about the refund', language: 'en' };
  const email = { begin: 37, end: 52 }; // in characters: the emoji counts as one

  beforeEach(() => {
    scoreEverything();
    comprehend.on(BatchDetectKeyPhrasesCommand).resolves({
      ResultList: [
        {
          Index: 0,
          KeyPhrases: [
            { Text: 'The delivery', Score: 0.99, BeginOffset: 2, EndOffset: 14 },
            { Text: 'ana@example.com', Score: 0.95, BeginOffset: email.begin, EndOffset: email.end },
            { Text: 'the refund', Score: 0.98, BeginOffset: 59, EndOffset: 69 },
            { Text: 'me', Score: 0.4, BeginOffset: 31, EndOffset: 33 },
          ],
        },
      ],
      ErrorList: [],
    });
    comprehend.on(DetectPiiEntitiesCommand).resolves({ Entities: [{ Type: 'EMAIL', Score: 0.99, BeginOffset: email.begin, EndOffset: email.end }] });
  });

  it('adds neither call when both are off', async () => {
    const out = await analyzeTexts([comment]);
    expect(comprehend.commandCalls(BatchDetectKeyPhrasesCommand)).toHaveLength(0);
    expect(comprehend.commandCalls(DetectPiiEntitiesCommand)).toHaveLength(0);
    // Billed for sentiment alone (the cost ledger): no language detection for a text whose language is given.
    expect(analysis(out.get('k'))).toEqual({ sentiment: expect.not.objectContaining({ keyPhrases: expect.anything() }), usage: { sentiment: 3 } });
  });

  it('reports the units each text was billed, per operation', async () => {
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({ ResultList: [{ Index: 0, Languages: [{ LanguageCode: 'en', Score: 0.99 }] }], ErrorList: [] });
    const out = await analyzeTexts([{ ...comment, language: undefined }], { keyPhrases: true, redactPii: true });
    expect(analysis(out.get('k')).usage).toEqual({ language: 3, sentiment: 3, keyPhrases: 3, pii: 3 });
  });

  it('tags confident key phrases as lower-case topics, never a phrase holding PII', async () => {
    const out = await analyzeTexts([comment], { keyPhrases: true, redactPii: true });
    expect(comprehend.commandCalls(BatchDetectKeyPhrasesCommand)).toHaveLength(1);
    expect(analysis(out.get('k')).sentiment.keyPhrases).toEqual(['delivery', 'refund']);
  });

  it('redacts PII from the stored comment, counting offsets in characters', async () => {
    const out = await analyzeTexts([comment], { redactPii: true });
    expect(comprehend.commandCalls(DetectPiiEntitiesCommand).map((c) => c.args[0].input)).toEqual([{ Text: comment.text, LanguageCode: 'en' }]);
    expect(analysis(out.get('k')).redactedText).toBe('😡 The delivery was late, email me at [EMAIL] about the refund');
  });

  it('redacts only languages DetectPiiEntities supports', async () => {
    const out = await analyzeTexts([{ key: 'fr', text: 'Écrivez à ana@example.com', language: 'fr' }], { redactPii: true });
    expect(comprehend.commandCalls(DetectPiiEntitiesCommand)).toHaveLength(0);
    expect(analysis(out.get('fr')).redactedText).toBeUndefined();
  });

  it('fails a text whose redaction failed rather than store it unredacted', async () => {
    comprehend.on(DetectPiiEntitiesCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    const out = await analyzeTexts([comment, { key: 'other', text: 'Fine', language: 'de' }], { redactPii: true });
    expect(out.get('k')).toBeInstanceOf(Error);
    expect(analysis(out.get('other')).sentiment.label).toBe('POSITIVE');
  });
});
