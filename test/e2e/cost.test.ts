/**
 * Cost, end to end through the local stack: who decided each comment's language (and so whether
 * Comprehend's language detection was billed), what each stored event and email cost in
 * GET /metrics, and the monthly Comprehend budget: past it, feedback is decided on its score alone
 * with a note on the record.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metrics } from '../../functions/powertools';
import { settings } from '../../functions/settings';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let secret: string;
let db: DynamoDBDocumentClient;
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  secret = runtime.webhookSecrets.generic![0]!;
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
}, 90_000);

afterAll(async () => {
  delete settings.budget.comprehendMonthlyUsd;
  await runtime?.stop();
});

const stored = (id: string) =>
  eventually(
    async () => (await db.send(new GetCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, Key: { pk: `generic#${id}` } }))).Item,
    (item) => item !== undefined,
  );

describe('cost', () => {
  it('skips Comprehend’s language detection when the event, the local detector or a confirmed locale knows, and says which one decided', async () => {
    const posts = [
      { sourceEventId: 'cost-event', language: 'en', customer: { email: 'ev@example.com' }, metric: { type: 'nps', score: 10 }, text: 'Great!' },
      { sourceEventId: 'cost-local', customer: { email: 'lo@example.com' }, metric: { type: 'nps', score: 10 }, text: 'The driver was friendly and the parcel arrived early, thank you!' },
      { sourceEventId: 'cost-comprehend', customer: { email: 'co@example.com' }, metric: { type: 'nps', score: 10 }, text: 'Loved it!' },
      { sourceEventId: 'cost-locale', customer: { email: 'lc@example.com', locale: 'fr' }, metric: { type: 'nps', score: 10 }, text: 'Merci, tout va bien.' },
    ];
    expect((await Promise.all(posts.map((p) => postGeneric(runtime.apiUrl, secret, p)))).map((r) => r.status)).toEqual([202, 202, 202, 202]);

    const [event, local, comprehend, confirmed] = await Promise.all(posts.map((p) => stored(p.sourceEventId)));
    expect(event).toMatchObject({ languageSource: 'event', cost: { usage: { comprehendUnits: { sentiment: 3 } } } });
    expect(local).toMatchObject({ languageSource: 'local-detector', sentiment: { language: 'en' }, cost: { usage: { comprehendUnits: { sentiment: 3 } } } });
    expect(comprehend).toMatchObject({ languageSource: 'comprehend', cost: { usage: { comprehendUnits: { sentiment: 3, language: 3 } } } });
    expect(confirmed).toMatchObject({ languageSource: 'locale-confirmed', sentiment: { language: 'fr' }, cost: { usage: { comprehendUnits: { sentiment: 3 } } } });
    expect(confirmed?.cost.usage.comprehendUnits.language).toBeUndefined();
    for (const item of [event, local]) expect(item?.cost.usage.comprehendUnits.language).toBeUndefined();
    for (const item of [event, local, comprehend]) {
      expect(item?.cost.usd).toBeGreaterThan(0.0003);
      expect(item?.cost.usage).toMatchObject({ apiRequests: 1, sqsRequests: expect.any(Number), dynamodbWriteUnits: expect.any(Number), lambdaGbSeconds: expect.any(Number) });
    }

    // Each email's cost is counted once, with its outcome: four thank-you emails, four emails' worth of SES.
    await eventually(() => sesInbox(runtime.sesStoreUrl), (e) => e.length >= 4);
    const day = new Date().toISOString().slice(0, 10);
    const report = await eventually(
      async () => (await (await fetch(`${runtime.apiUrl}/metrics?from=${day}&to=${day}`)).json()) as { total: { responses: number; cost: Record<string, any> } },
      (r) => r.total.cost.byService.ses >= 0.0004 - 1e-9,
    );
    const { cost } = report.total;
    expect(cost.comprehendUnits).toEqual({ sentiment: 12, language: 3, keyPhrases: 0, pii: 0 });
    expect(cost.byService.ses).toBeCloseTo(0.0004, 9);
    expect(cost.perResponseUsd).toBeCloseTo(cost.totalUsd / report.total.responses, 9);
    expect(cost.perEmailUsd).toBeGreaterThan(0.0001);
    expect(cost.perRecoveredCustomerUsd).toBeNull();
  });

  it('decides on the score alone once the month’s Comprehend budget is spent, and says so on the record', async () => {
    // One unit's worth: the comments above have spent it already.
    settings.budget.comprehendMonthlyUsd = 0.0001;
    const emitted = vi.spyOn(metrics, 'addMetric');
    const res = await postGeneric(runtime.apiUrl, secret, {
      sourceEventId: 'cost-over-budget',
      customer: { email: 'ob@example.com' },
      metric: { type: 'nps', score: 8 },
      text: 'Everything was terrible, the order never came and nobody answered.',
    });
    expect(res.status).toBe(202);
    const item = await stored('cost-over-budget');
    expect(item).toMatchObject({ analysis: 'skipped-budget', decision: { action: 'none', rule: 'none.nps-passive' } });
    expect(item?.sentiment).toBeUndefined();
    expect(item?.cost.usage.comprehendUnits).toBeUndefined();
    // What the ComprehendBudget alarm watches (lib/constructs/observability.ts).
    expect(emitted).toHaveBeenCalledWith('ComprehendBudgetExceeded', 'Count', 1);
  });
});
