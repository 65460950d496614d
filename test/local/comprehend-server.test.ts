import {
  BatchDetectDominantLanguageCommand,
  BatchDetectKeyPhrasesCommand,
  BatchDetectSentimentCommand,
  BatchSizeLimitExceededException,
  ComprehendClient,
  ComprehendServiceException,
  DetectDominantLanguageCommand,
  DetectKeyPhrasesCommand,
  DetectPiiEntitiesCommand,
  DetectSentimentCommand,
  InvalidRequestException,
  type LanguageCode,
  TextSizeLimitExceededException,
  UnsupportedLanguageException,
} from '@aws-sdk/client-comprehend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../../local/comprehend/engine';
import { fallbackModelLoaded } from '../../local/comprehend/fallback';
import { startComprehendServer, type ComprehendServer } from '../../local/comprehend/server';

let server: ComprehendServer;
let client: ComprehendClient;

beforeAll(async () => {
  server = await startComprehendServer();
  client = new ComprehendClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  client.destroy();
  await server.close();
});

function rawCall(target: string, body: string): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target },
    body,
  });
}

describe('startComprehendServer', () => {
  it('has read the learned weights before it listens, so no request pays for them', () => {
    // Nothing in this file has asked for a sentiment yet (beforeAll only started the server).
    expect(fallbackModelLoaded()).toBe(true);
  });

  it('listens on an ephemeral loopback port by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});

describe('sentiment operations', () => {
  it('DetectSentiment returns a label and four scores summing to 1', async () => {
    const out = await client.send(new DetectSentimentCommand({ Text: 'The support team was fantastic, thank you!', LanguageCode: 'en' }));
    expect(out.Sentiment).toBe('POSITIVE');
    const s = out.SentimentScore!;
    expect(s.Positive! + s.Negative! + s.Neutral! + s.Mixed!).toBeCloseTo(1, 6);
    expect(s.Positive).toBeGreaterThan(s.Negative!);
  });

  it('BatchDetectSentiment returns indexed results and reports bad items in ErrorList', async () => {
    const out = await client.send(
      new BatchDetectSentimentCommand({
        TextList: ['I love this product', '   ', 'The package arrived broken and late'],
        LanguageCode: 'en',
      }),
    );
    expect(out.ResultList?.map((r) => [r.Index, r.Sentiment])).toEqual([
      [0, 'POSITIVE'],
      [2, 'NEGATIVE'],
    ]);
    expect(out.ErrorList).toEqual([{ Index: 1, ErrorCode: 'InvalidRequestException', ErrorMessage: expect.any(String) }]);
  });

  it('puts a batch item over 5,000 bytes in ErrorList and analyses the rest', async () => {
    const out = await client.send(new BatchDetectSentimentCommand({ TextList: ['é'.repeat(2_501), 'great'], LanguageCode: 'en' }));
    expect(out.ErrorList?.[0]).toMatchObject({ Index: 0, ErrorCode: 'TextSizeLimitExceededException' });
    expect(out.ResultList?.[0]).toMatchObject({ Index: 1, Sentiment: 'POSITIVE' });
  });
});

describe('language and key phrase operations', () => {
  it('DetectDominantLanguage ranks the language of the text first', async () => {
    const out = await client.send(new DetectDominantLanguageCommand({ Text: 'El servicio fue excelente y muy rápido, gracias' }));
    expect(out.Languages?.[0]?.LanguageCode).toBe('es');
    expect(out.Languages?.[0]?.Score).toBeGreaterThan(0.8);
  });

  it('BatchDetectDominantLanguage returns one entry per document', async () => {
    const out = await client.send(
      new BatchDetectDominantLanguageCommand({ TextList: ['Das Essen war wirklich sehr gut', 'Le service était vraiment excellent'] }),
    );
    expect(out.ResultList?.map((r) => [r.Index, r.Languages?.[0]?.LanguageCode])).toEqual([
      [0, 'de'],
      [1, 'fr'],
    ]);
    expect(out.ErrorList).toEqual([]);
  });

  it('DetectKeyPhrases returns phrases with character offsets', async () => {
    const text = 'My flight to Boston was delayed for 3 hours';
    const out = await client.send(new DetectKeyPhrasesCommand({ Text: text, LanguageCode: 'en' }));
    const phrases = out.KeyPhrases ?? [];
    expect(phrases.map((p) => p.Text)).toEqual(expect.arrayContaining(['My flight', 'Boston', '3 hours']));
    for (const p of phrases) expect(text.slice(p.BeginOffset, p.EndOffset)).toBe(p.Text);
  });

  it('BatchDetectKeyPhrases returns one entry per document', async () => {
    const out = await client.send(new BatchDetectKeyPhrasesCommand({ TextList: ['The checkout page', 'la tienda online'], LanguageCode: 'es' }));
    expect(out.ResultList?.map((r) => r.Index)).toEqual([0, 1]);
    expect(out.ResultList?.[1]?.KeyPhrases?.[0]?.Text).toBe('la tienda online');
  });
});

describe('DetectPiiEntities', () => {
  it('finds email, phone, card number and street address with offsets', async () => {
    const text = 'Mail ana.lopez@example.com or call +1 (555) 123-4567. Card 4111 1111 1111 1111, ship to 742 Evergreen Terrace.';
    const out = await client.send(new DetectPiiEntitiesCommand({ Text: text, LanguageCode: 'en' }));
    const found = (out.Entities ?? []).map((e) => [e.Type, text.slice(e.BeginOffset, e.EndOffset)]);
    expect(found).toEqual([
      ['EMAIL', 'ana.lopez@example.com'],
      ['PHONE', '+1 (555) 123-4567'],
      ['CREDIT_DEBIT_NUMBER', '4111 1111 1111 1111'],
      ['ADDRESS', '742 Evergreen Terrace'],
    ]);
    for (const e of out.Entities ?? []) expect(e.Score).toBeGreaterThan(0.9);
  });

  it('ignores digit runs that fail the card checksum', async () => {
    const out = await client.send(new DetectPiiEntitiesCommand({ Text: 'Order 4111 1111 1111 1112 shipped', LanguageCode: 'en' }));
    expect(out.Entities?.map((e) => e.Type)).not.toContain('CREDIT_DEBIT_NUMBER');
  });
});

describe('errors map to the SDK exception classes', () => {
  it('TextSizeLimitExceededException for sentiment text over 5,000 UTF-8 bytes', async () => {
    // 2,501 two-byte characters: under 5,000 characters but over 5,000 bytes.
    const err = await client.send(new DetectSentimentCommand({ Text: 'é'.repeat(2_501), LanguageCode: 'en' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TextSizeLimitExceededException);
  });

  it('allows up to 100 KB for key phrases but not more', async () => {
    await expect(client.send(new DetectKeyPhrasesCommand({ Text: 'word '.repeat(19_000), LanguageCode: 'en' }))).resolves.toBeDefined();
    const err = await client.send(new DetectKeyPhrasesCommand({ Text: 'x'.repeat(100_001), LanguageCode: 'en' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TextSizeLimitExceededException);
  });

  it('BatchSizeLimitExceededException for more than 25 documents', async () => {
    const err = await client
      .send(new BatchDetectSentimentCommand({ TextList: Array.from({ length: 26 }, () => 'ok'), LanguageCode: 'en' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchSizeLimitExceededException);
  });

  it('InvalidRequestException for empty text', async () => {
    const err = await client.send(new DetectSentimentCommand({ Text: '', LanguageCode: 'en' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestException);
  });

  it('UnsupportedLanguageException for a language sentiment does not support', async () => {
    // The SDK's LanguageCode union omits codes the service rejects; a caller passing raw input can still send one.
    const dutch = 'nl' as LanguageCode;
    const err = await client.send(new DetectSentimentCommand({ Text: 'Goede service', LanguageCode: dutch })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedLanguageException);
    const pii = await client.send(new DetectPiiEntitiesCommand({ Text: 'a@b.com', LanguageCode: 'fr' })).catch((e: unknown) => e);
    expect(pii).toBeInstanceOf(UnsupportedLanguageException);
  });

  it('errors carry the AWS JSON shape and x-amzn-ErrorType header', async () => {
    const res = await rawCall('Comprehend_20171127.DetectSentiment', '{not json');
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('InvalidRequestException');
    expect(await res.json()).toEqual({ __type: 'InvalidRequestException', Message: expect.any(String) });
  });

  it('names its engine in an x-cx-engine header, which AWS never sends', async () => {
    const res = await rawCall('Comprehend_20171127.DetectSentiment', JSON.stringify({ Text: 'great', LanguageCode: 'en' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-cx-engine')).toBe(`${ENGINE.name}/${ENGINE.version}`);
  });

  it('UnknownOperationException for a target the server does not implement', async () => {
    const res = await rawCall('Comprehend_20171127.DetectToxicContent', '{}');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'UnknownOperationException' });
  });

  it('the SDK surfaces unmodelled errors as ComprehendServiceException with the type as name', async () => {
    const { DetectToxicContentCommand } = await import('@aws-sdk/client-comprehend');
    const err = await client.send(new DetectToxicContentCommand({ TextSegments: [{ Text: 'hi' }], LanguageCode: 'en' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ComprehendServiceException);
    expect((err as Error).name).toBe('UnknownOperationException');
  });
});
