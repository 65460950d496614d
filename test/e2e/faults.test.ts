/**
 * Nothing lost, nothing twice — with faults injected into the handlers' own SDK clients while the
 * real local stack runs: throttling, timeouts, and crashes between side effects (the call reached
 * the service, the caller never learned it). Time is compressed (5 s visibility timeout, longer than the SDK's own backoff so a slow success is not redelivered) so SQS
 * redeliveries happen within the test.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { injectFaults, type Fault } from '../../local/sdk-middleware';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

let runtime: LocalRuntime;
let db: DynamoDBDocumentClient;
let sqs: SQSClient;
let handlerClients: { dynamodb: never; sqs: never; ses: never; comprehend: never };
const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, timing: { visibilityTimeoutSeconds: 5, functionTimeoutSeconds: 1 } });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...creds, endpoint: runtime.endpoints.dynamodb }));
  sqs = new SQSClient({ ...creds, endpoint: runtime.endpoints.sqs });
  // The very client instances the handlers use (loaded by the runtime with the local endpoints).
  handlerClients = {
    dynamodb: (await import('../../functions/clients/dynamodb')).dynamodb as never,
    sqs: (await import('../../functions/clients/sqs')).sqs as never,
    ses: (await import('../../functions/clients/ses')).ses as never,
    comprehend: (await import('../../functions/clients/comprehend')).comprehend as never,
  };
}, 90_000);

afterEach(() => {
  for (const client of Object.values(handlerClients)) injectFaults(client, []);
});

afterAll(async () => {
  await runtime?.stop();
});

const secret = () => runtime.webhookSecrets.generic![0]!;

function feedback(scenario: string, overrides: Record<string, unknown> = {}) {
  return {
    sourceEventId: `fault-${scenario}`,
    customer: { email: `${scenario}@example.com`, name: 'Pat' },
    metric: { type: 'nps', score: 2 },
    text: 'The order never arrived and support ignored me.',
    sourceRef: { surveyId: `survey-${scenario}` },
    ...overrides,
  };
}

const emailsTo = async (scenario: string) =>
  (await sesInbox(runtime.sesStoreUrl)).filter((e) => e.destination.to.includes(`${scenario}@example.com`));

async function countersFor(scenario: string) {
  const day = new Date().toISOString().slice(0, 10);
  // Counter rows are per UTC hour: the adapter sums them per day.
  const { countersByDay } = await import('../../functions/adapters/metrics-store');
  return (await countersByDay('survey', `survey-${scenario}`, day, day))[0]?.counters ?? {};
}

/** Accepted once, stored once, counted once, emailed once — and the email stays single. */
async function expectExactlyOnce(scenario: string) {
  const emails = await eventually(() => emailsTo(scenario), (e) => e.length >= 1, 30_000);
  // Leave room for any redelivery to (wrongly) send again before asserting "exactly".
  await new Promise((r) => setTimeout(r, 5_000));
  expect(await emailsTo(scenario)).toHaveLength(1);
  expect(emails[0]?.subject).toMatch(/sorry/i);
  const stored = await db.send(new GetCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, Key: { pk: `generic#fault-${scenario}` } }));
  expect(stored.Item).toBeDefined();
  expect(await countersFor(scenario)).toMatchObject({ responses: 1 });
}

/** Peeks at a DLQ without taking messages away (visibility 0). */
async function parkedIn(queue: 'feedback' | 'outreach') {
  const out = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: runtime.resources.queueUrls[queue].dlqUrl, MessageAttributeNames: ['All'], MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }),
  );
  return (out.Messages ?? []).map((m) => ({ body: m.Body ?? '', reason: m.MessageAttributes?.reason?.StringValue }));
}

function inject(client: keyof typeof handlerClients, faults: Fault[]) {
  return injectFaults(handlerClients[client], faults);
}

describe('fault injection', () => {
  it('the same webhook three times at once and once more later → one record, one email', async () => {
    const payload = feedback('dup');
    const results = await Promise.all([1, 2, 3].map(() => postGeneric(runtime.apiUrl, secret(), payload)));
    expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
    await eventually(() => emailsTo('dup'), (e) => e.length >= 1);
    expect((await postGeneric(runtime.apiUrl, secret(), payload)).status).toBe(202);
    await expectExactlyOnce('dup');
  }, 60_000);

  it('analyze stored the batch but could not hand off the outreach (SQS timing out) → retried, emailed once', async () => {
    const injected = inject('sqs', [
      { operation: 'SendMessageBatch', kind: 'timeout', times: 5, when: (input) => input.QueueUrl === runtime.resources.queueUrls.outreach.url },
    ]);
    await postGeneric(runtime.apiUrl, secret(), feedback('handoff'));
    await expectExactlyOnce('handoff');
    expect(injected()).toBe(5);
  }, 60_000);

  it('the store transaction was applied but its answer was lost → counted once, emailed once', async () => {
    const injected = inject('dynamodb', [{ operation: 'TransactWriteItems', kind: 'crash-after', times: 1 }]);
    await postGeneric(runtime.apiUrl, secret(), feedback('txn'));
    await expectExactlyOnce('txn');
    expect(injected()).toBe(1);
  }, 60_000);

  it('Comprehend throttles every attempt for a while → partial batch failure, then scored once', async () => {
    const injected = inject('comprehend', [{ operation: 'BatchDetectSentiment', kind: 'throttle', times: 6 }]);
    await postGeneric(runtime.apiUrl, secret(), feedback('comprehend'));
    await expectExactlyOnce('comprehend');
    expect(injected()).toBe(6);
  }, 60_000);

  it('SES throttles twice → the SDK backs off and the email goes out once', async () => {
    const injected = inject('ses', [{ operation: 'SendEmail', kind: 'throttle', times: 2 }]);
    await postGeneric(runtime.apiUrl, secret(), feedback('ses-throttle'));
    await expectExactlyOnce('ses-throttle');
    expect(injected()).toBe(2);
  }, 60_000);

  it('crash between "send" and "record" (ledger write fails after SES accepted) → never a second email', async () => {
    const injected = inject('dynamodb', [
      // The settle transaction (outcome + counters) is the write after SES; the claim transaction puts, it does not update.
      {
        operation: 'TransactWriteItems',
        kind: 'throttle',
        times: 50,
        when: (input) => ((input.TransactItems as Array<{ Update?: { Key?: { pk?: { S?: string } } } }>) ?? []).some((i) => String(i.Update?.Key?.pk?.S ?? '').startsWith('OUT#generic#fault-record')),
      },
    ]);
    await postGeneric(runtime.apiUrl, secret(), feedback('record'));
    await eventually(() => emailsTo('record'), (e) => e.length >= 1);
    await new Promise((r) => setTimeout(r, 8_000));
    expect(await emailsTo('record')).toHaveLength(1);
    expect(injected()).toBeGreaterThan(0);
  }, 60_000);

  it('SES accepted the email but the answer never came back → held as delivery-uncertain in the DLQ, never resent', async () => {
    const injected = inject('ses', [{ operation: 'SendEmail', kind: 'crash-after', times: 1 }]);
    await postGeneric(runtime.apiUrl, secret(), feedback('ses-lost-answer'));
    const parked = await eventually(() => parkedIn('outreach'), (m) => m.some((p) => p.body.includes('ses-lost-answer')));
    expect(parked.find((p) => p.body.includes('ses-lost-answer'))?.reason).toMatch(/^delivery-uncertain/);
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await emailsTo('ses-lost-answer')).toHaveLength(1);
    expect(injected()).toBe(1);
  }, 60_000);

  it('a revision whose store was applied but unanswered, then cancelled by a counter conflict → moved once, emailed once', async () => {
    const v1 = feedback('revision', { revision: 1, text: undefined });
    await postGeneric(runtime.apiUrl, secret(), v1);
    await eventually(() => emailsTo('revision'), (e) => e.length >= 1, 30_000);
    const injected = inject('dynamodb', [
      { operation: 'TransactWriteItems', kind: 'transaction-conflict', times: 1 },
      { operation: 'TransactWriteItems', kind: 'crash-after', times: 1 },
    ]);
    await postGeneric(runtime.apiUrl, secret(), { ...v1, revision: 2, text: 'The order never arrived; I want a refund and will cancel.' });
    const key = { TableName: runtime.resources.env.FEEDBACK_TABLE, Key: { pk: 'generic#fault-revision' }, ConsistentRead: true };
    await eventually(async () => (await db.send(new GetCommand(key))).Item, (item) => item?.revisions === 1, 30_000);
    await new Promise((r) => setTimeout(r, 6_000));
    expect(injected()).toBe(2);
    expect(await emailsTo('revision')).toHaveLength(1);
    expect(await countersFor('revision')).toMatchObject({ responses: 1, revisions: 1, sentiment_count: 1 });
  }, 90_000);

  it('a poison message is parked in the DLQ with its reason, not retried forever', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl: runtime.resources.queueUrls.feedback.url, MessageBody: '{"not": "a feedback event"}' }));
    const parked = await eventually(() => parkedIn('feedback'), (m) => m.length > 0);
    expect(parked).toEqual([{ body: '{"not": "a feedback event"}', reason: expect.stringMatching(/^schema/) }]);
  }, 60_000);

  it('every accepted event above is stored exactly once', async () => {
    const out = await db.send(new ScanCommand({ TableName: runtime.resources.env.FEEDBACK_TABLE, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'generic#fault-' } }));
    const keys = (out.Items ?? []).map((i) => i.pk as string).sort();
    expect(keys).toEqual([...new Set(keys)]);
    expect(keys).toEqual(['comprehend', 'dup', 'handoff', 'record', 'revision', 'ses-lost-answer', 'ses-throttle', 'txn'].map((s) => `generic#fault-${s}`));
  });
});
