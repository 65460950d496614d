/**
 * The outreach adapters against DynamoDB Local, fauxqs (SQS + SNS) and the local Scheduler,
 * provisioned from the pipeline spec: the ledger's claim states, suppression, delivery status,
 * the atomic cooldown and recovery link, the hourly ceiling, escalate-once and deferrals.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { SNSClient } from '@aws-sdk/client-sns';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GUARDS } from '../../functions/domain/guards';
import { sha256 } from '../../functions/domain/outreach';
import { provision, type ProvisionedResources } from '../../local/provision';
import { startDynamoDb } from '../../local/servers/dynamodb';
import type { LocalServer } from '../../local/servers/ports';
import { startScheduler } from '../../local/servers/scheduler';
import { startSqs } from '../../local/servers/sqs';
import { observeCalls, type AnyClient } from '../../local/sdk-middleware';

const creds = { region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const servers: LocalServer[] = [];
let resources: ProvisionedResources;
let sqs: SQSClient;
let ledger: typeof import('../../functions/adapters/outreach-ledger');
let customers: typeof import('../../functions/adapters/customer-state');
let rate: typeof import('../../functions/adapters/send-rate');
let escalations: typeof import('../../functions/adapters/escalations');
let deferral: typeof import('../../functions/adapters/deferral');
let schedulerUrl: string;
/** DynamoDB write requests the adapters made, by operation (reset per test with `writes.clear()`). */
const writes = new Map<string, number>();
const WRITE_OPS = ['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'];

beforeAll(async () => {
  const [dynamodb, sqsServer] = await Promise.all([startDynamoDb({ port: 0 }), startSqs({ port: 0 })]);
  servers.push(dynamodb, sqsServer);
  const scheduler = await startScheduler({ port: 0, sqsEndpoint: sqsServer.url });
  servers.push(scheduler);
  schedulerUrl = scheduler.url;
  sqs = new SQSClient({ ...creds, endpoint: sqsServer.url });
  resources = await provision(new DynamoDBClient({ ...creds, endpoint: dynamodb.url }), sqs, { sns: new SNSClient({ ...creds, endpoint: sqsServer.url }), prefix: 'adapters' });
  // The adapters' clients read their endpoints when first imported.
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
    AWS_ENDPOINT_URL_SQS: sqsServer.url,
    AWS_ENDPOINT_URL_SNS: sqsServer.url,
    AWS_ENDPOINT_URL_SCHEDULER: scheduler.url,
    SCHEDULER_GROUP: 'deferrals',
    SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/scheduler',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    ...resources.env,
  });
  [ledger, customers, rate, escalations, deferral] = await Promise.all([
    import('../../functions/adapters/outreach-ledger'),
    import('../../functions/adapters/customer-state'),
    import('../../functions/adapters/send-rate'),
    import('../../functions/adapters/escalations'),
    import('../../functions/adapters/deferral'),
  ]);
  observeCalls((await import('../../functions/clients/dynamodb')).dynamodb as unknown as AnyClient, (op) => {
    if (WRITE_OPS.includes(op)) writes.set(op, (writes.get(op) ?? 0) + 1);
  });
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(servers.map((s) => s.stop()));
});

const T0 = new Date('2026-11-23T12:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const DAY = 86_400_000;

describe('outreach ledger', () => {
  it('claims once; a live claim is in flight, an expired one uncertain, a recorded one done', async () => {
    expect(await ledger.claimOutreach('L1', 10_000, T0, { kind: 'recovery' })).toBe('claimed');
    expect(await ledger.claimOutreach('L1', 10_000, later(5_000), {})).toBe('in-flight');
    expect(await ledger.claimOutreach('L1', 10_000, later(10_001), {})).toBe('uncertain');
    await ledger.recordOutcome('L1', 'sent', { messageId: 'ses-1' });
    expect(await ledger.claimOutreach('L1', 10_000, later(20_000), {})).toBe('done');
    expect(await ledger.getOutreach('L1')).toMatchObject({ status: 'sent', messageId: 'ses-1', kind: 'recovery' });
    expect((await ledger.getOutreach('L1'))?.leaseUntil).toBeUndefined();
  });

  it('releases only a claim still sending, so a retry can claim it again', async () => {
    await ledger.claimOutreach('L2', 10_000, T0, {});
    await ledger.releaseClaim('L2');
    expect(await ledger.claimOutreach('L2', 10_000, T0, {})).toBe('claimed');
    await ledger.recordOutcome('L2', 'sent', {});
    await expect(ledger.releaseClaim('L2')).rejects.toThrow();
    expect(await ledger.getOutreach('L2')).toMatchObject({ status: 'sent' });
  });

  it('keeps a suppression\'s first reason, and lifts it on request', async () => {
    await ledger.suppress('e:abc', 'bounce', T0);
    await ledger.suppress('e:abc', 'unsubscribe', later(DAY));
    expect(await ledger.isSuppressed('e:abc')).toBe(true);
    expect((await ledger.listSuppressions()).find((s) => s.customerKey === 'e:abc')).toEqual({ customerKey: 'e:abc', reason: 'bounce', at: T0.toISOString() });
    expect(await ledger.unsuppress('e:abc')).toBe(true);
    expect(await ledger.isSuppressed('e:abc')).toBe(false);
  });

  it('finds the outreach from an SES message id, and a bounce is never overwritten by a later open', async () => {
    await ledger.claimOutreach('L3', 10_000, T0, {});
    await ledger.recordOutcome('L3', 'sent', {});
    await ledger.rememberMessageId('ses-3', 'L3', 2_000_000_000);
    expect(await ledger.outreachIdForMessage('ses-3')).toBe('L3');
    expect(await ledger.outreachIdForMessage('ses-unknown')).toBeUndefined();
    await ledger.recordDelivery('L3', 'delivered', 't1');
    await ledger.recordDelivery('L3', 'bounced', 't2');
    await ledger.recordDelivery('L3', 'opened', 't3');
    expect(await ledger.getOutreach('L3')).toMatchObject({ delivery: 'bounced', deliveryAt: 't2', status: 'sent' });
  });

  it('ignores a delivery event for an outreach it never had', async () => {
    await ledger.recordDelivery('never', 'delivered', 't');
    expect(await ledger.getOutreach('never')).toBeUndefined();
  });
});

describe('notify write path: claim + reserve, settle with counters', () => {
  const guards = DEFAULT_GUARDS;
  const request = (id: string, customerKey: string, token: string, now = T0) => ({ outreachId: id, kind: 'gratitude' as const, feedbackKey: `fb-${id}`, customerKey, token, leaseMs: 10_000, now });
  const counters = (add: Record<string, number>) => [{ dims: [['all', 'all']] as Array<[string, string]>, day: '2026-11-23T12', add }];
  const counted = async (field: string) => {
    const { counterRows } = await import('../../functions/adapters/metrics-store');
    return (await counterRows('all', 'all', '2026-11-23T12', '2026-11-23T12'))[0]?.counters[field] ?? 0;
  };

  it('claims and reserves in one transaction; its own lost answer is recognised, another attempt is not', async () => {
    expect(await ledger.claimAndReserve(request('W1', 'cw1', 'tok-a'), guards)).toEqual({ result: 'claimed' });
    // The same attempt again (its first answer was lost): still ours.
    expect(await ledger.claimAndReserve(request('W1', 'cw1', 'tok-a'), guards)).toEqual({ result: 'claimed' });
    expect(await ledger.claimAndReserve(request('W1', 'cw1', 'tok-b', later(5_000)), guards)).toEqual({ result: 'in-flight', leaseUntil: T0.getTime() + 10_000 });
    expect(await ledger.claimAndReserve(request('W1', 'cw1', 'tok-b', later(10_001)), guards)).toEqual({ result: 'uncertain', heldBy: 'tok-a' });
    expect((await customers.getCustomerHistories(['cw1'])).get('cw1')).toMatchObject({ lastOutreachId: 'W1' });
  });

  it('a cooldown refusal writes neither the claim nor the reservation', async () => {
    await ledger.claimAndReserve(request('W2', 'cw2', 'tok'), guards);
    expect(await ledger.claimAndReserve(request('W3', 'cw2', 'tok', later(DAY)), guards)).toMatchObject({ result: 'cooldown', history: { lastKind: 'gratitude' } });
    expect(await ledger.getOutreach('W3')).toBeUndefined();
    expect((await customers.getCustomerHistories(['cw2'])).get('cw2')).toMatchObject({ lastOutreachId: 'W2' });
  });

  it('settles an outcome and its counters exactly once, however often it is retried', async () => {
    await ledger.claimAndReserve(request('W4', 'cw4', 'tok-4'), guards);
    const sent = { outreachId: 'W4', status: 'sent' as const, fields: { messageId: 'm-4' }, claim: { token: 'tok-4' }, counters: counters({ outreach_w4_sent: 1 }) };
    const suppressed = { outreachId: 'W5', status: 'suppressed' as const, fields: { reason: 'r' }, claim: 'none' as const, attributes: { kind: 'gratitude' }, counters: counters({ outreach_w4_suppressed: 1 }) };
    expect(await ledger.settleOutcomes([sent, suppressed])).toHaveLength(2);
    expect(await ledger.settleOutcomes([sent, suppressed])).toEqual([]);
    expect(await counted('outreach_w4_sent')).toBe(1);
    expect(await counted('outreach_w4_suppressed')).toBe(1);
    expect(await ledger.getOutreach('W4')).toMatchObject({ status: 'sent', messageId: 'm-4' });
    expect(await ledger.getOutreach('W5')).toMatchObject({ status: 'suppressed', kind: 'gratitude' });
  });

  it('an outcome under someone else\'s claim is dropped with its counters, the rest of the batch is settled', async () => {
    await ledger.claimAndReserve(request('W6', 'cw6', 'tok-6'), guards);
    await ledger.claimAndReserve(request('W7', 'cw7', 'tok-7'), guards);
    const recorded = await ledger.settleOutcomes([
      { outreachId: 'W6', status: 'sent', fields: {}, claim: { token: 'not-mine' }, counters: counters({ outreach_w6: 1 }) },
      { outreachId: 'W7', status: 'sent', fields: {}, claim: { token: 'tok-7' }, counters: counters({ outreach_w7: 1 }) },
    ]);
    expect(recorded.map((s) => s.outreachId)).toEqual(['W7']);
    expect(await counted('outreach_w6')).toBe(0);
    expect(await counted('outreach_w7')).toBe(1);
    expect(await ledger.getOutreach('W6')).toMatchObject({ status: 'sending' });
  });

  it('releases only its own claim', async () => {
    await ledger.claimAndReserve(request('W8', 'cw8', 'tok-8'), guards);
    await expect(ledger.releaseClaim('W8', 'OUT', 'other')).rejects.toThrow();
    await ledger.releaseClaim('W8', 'OUT', 'tok-8');
    expect(await ledger.getOutreach('W8')).toBeUndefined();
  });

  it('claims and reserves a whole batch in one write request; a refused email leaves it without holding up the rest', async () => {
    await ledger.claimAndReserve(request('B0', 'cb0', 'tok-old'), guards);
    writes.clear();
    const claims = await ledger.claimAndReserveAll(
      [request('B1', 'cb1', 'tok'), request('B2', 'cb2', 'tok'), request('B0', 'cb0', 'tok-new', later(1_000)), request('B3', 'cb3', 'tok')],
      guards,
    );
    expect(claims).toEqual([{ result: 'claimed' }, { result: 'claimed' }, { result: 'in-flight', leaseUntil: T0.getTime() + 10_000 }, { result: 'claimed' }]);
    // One transaction for the four, refused by B0's live claim; one more for the three left.
    expect(Object.fromEntries(writes)).toEqual({ TransactWriteItems: 2 });
    writes.clear();
    expect(await ledger.claimAndReserveAll([request('B4', 'cb4', 'tok'), request('B5', 'cb5', 'tok'), request('B6', 'cb6', 'tok')], guards)).toEqual(Array(3).fill({ result: 'claimed' }));
    expect(Object.fromEntries(writes)).toEqual({ TransactWriteItems: 1 });
    for (const id of ['B1', 'B2', 'B3', 'B4']) expect(await ledger.getOutreach(id)).toMatchObject({ status: 'sending', claimToken: 'tok' });
    expect((await customers.getCustomerHistories(['cb1', 'cb4'])).get('cb4')).toMatchObject({ lastOutreachId: 'B4' });
  });

  it('two emails to one customer in a batch: one takes the slot, the other meets it (cooldown); a repeated copy of one outreach is held', async () => {
    const claims = await ledger.claimAndReserveAll([request('B7', 'cb7', 'tok'), request('B8', 'cb7', 'tok'), request('B7', 'cb7', 'tok-copy')], guards);
    expect(claims.map((c) => c.result)).toEqual(['claimed', 'cooldown', 'in-flight']);
    expect(await ledger.getOutreach('B8')).toBeUndefined();
    expect((await customers.getCustomerHistories(['cb7'])).get('cb7')).toMatchObject({ lastOutreachId: 'B7' });
  });

  it('reads a batch\'s suppressions in one go', async () => {
    await ledger.suppress('e:sup-1', 'bounce', T0);
    expect(await ledger.suppressedAmong(['e:sup-1', 'e:sup-2', 'e:sup-1'])).toEqual(new Set(['e:sup-1']));
  });
});

describe('customer contact state', () => {
  const guards = DEFAULT_GUARDS;
  const outreach = (id: string, kind: 'gratitude' | 'recovery') => ({ outreachId: id, kind, feedbackKey: `fb-${id}` });

  it('lets one outreach per customer through the cooldown, atomically, and the same outreach again', async () => {
    const results = await Promise.all([customers.reserveContact('c1', outreach('a', 'gratitude'), T0, guards), customers.reserveContact('c1', outreach('b', 'gratitude'), T0, guards)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = results[0]!.ok ? 'a' : 'b';
    expect(await customers.reserveContact('c1', outreach(winner, 'gratitude'), later(1000), guards)).toEqual({ ok: true });
    expect(await customers.reserveContact('c1', outreach('c', 'gratitude'), later(13 * DAY), guards)).toMatchObject({ ok: false, history: { lastKind: 'gratitude' } });
    // The retry above refreshed the contact time to T0 + 1 s; the cooldown runs from there.
    expect((await customers.reserveContact('c1', outreach('d', 'gratitude'), later(14 * DAY + 999), guards)).ok).toBe(false);
    expect(await customers.reserveContact('c1', outreach('d', 'gratitude'), later(14 * DAY + 1000), guards)).toEqual({ ok: true });
  });

  it('lets a recovery override a recent gratitude, never the other way round', async () => {
    expect(await customers.reserveContact('c2', outreach('g', 'gratitude'), T0, guards)).toEqual({ ok: true });
    expect(await customers.reserveContact('c2', outreach('r', 'recovery'), later(DAY), guards)).toEqual({ ok: true });
    expect((await customers.reserveContact('c2', outreach('g2', 'gratitude'), later(2 * DAY), guards)).ok).toBe(false);
    expect((await customers.reserveContact('c2', outreach('r2', 'recovery'), later(2 * DAY), guards)).ok).toBe(false);
  });

  it('remembers the recovery email and links it to exactly one later feedback', async () => {
    await customers.reserveContact('c3', outreach('rec', 'recovery'), T0, guards);
    const histories = await customers.getCustomerHistories(['c3', 'c-none']);
    expect(histories.get('c3')).toMatchObject({ lastKind: 'recovery', lastOutreachId: 'rec', recovery: { feedbackKey: 'fb-rec', sentAt: T0.toISOString() } });
    expect(histories.has('c-none')).toBe(false);
    expect(await customers.linkRecovery('c3', 'fb-rec', 'fb-next')).toBe(true);
    expect(await customers.linkRecovery('c3', 'fb-rec', 'fb-next')).toBe(true);
    expect(await customers.linkRecovery('c3', 'fb-rec', 'fb-other')).toBe(false);
    expect(await customers.linkRecovery('c3', 'fb-wrong', 'fb-other')).toBe(false);
    expect((await customers.getCustomerHistories(['c3'])).get('c3')?.recovery?.linkedTo).toBe('fb-next');
  });
});

describe('hourly ceiling', () => {
  it('allows maxPerHour sends per UTC hour, then opens a new bucket', async () => {
    const taken = await Promise.all(Array.from({ length: 5 }, () => rate.takeSendSlot(T0, 3)));
    expect(taken.filter(Boolean)).toHaveLength(3);
    expect(await rate.takeSendSlot(later(3_599_000), 3)).toBe(false);
    expect(await rate.takeSendSlot(later(3_600_000), 3)).toBe(true);
  });

  it('caps each recipient domain per hour on its own, without touching the global budget', async () => {
    const taken = await Promise.all(Array.from({ length: 4 }, () => rate.takeDomainSlot(T0, 'victim.example', 2)));
    expect(taken.filter(Boolean)).toHaveLength(2);
    // Another domain, the same hour: its own budget.
    expect(await rate.takeDomainSlot(T0, 'other.example', 2)).toBe(true);
    expect(await rate.takeDomainSlot(later(3_599_000), 'victim.example', 2)).toBe(false);
    expect(await rate.takeDomainSlot(later(3_600_000), 'victim.example', 2)).toBe(true);
  });

  it('takes a batch\'s slots for one recipient domain in one update, one by one only when they do not fit', async () => {
    const hour = later(7 * 3_600_000);
    writes.clear();
    expect(await rate.takeDomainSlotsUpTo(hour, 'gmail.example', 10, 6)).toBe(6);
    expect(Object.fromEntries(writes)).toEqual({ UpdateItem: 1 });
    expect(await rate.takeDomainSlotsUpTo(hour, 'gmail.example', 10, 6)).toBe(4);
    expect(await rate.takeDomainSlotsUpTo(hour, 'gmail.example', 10, 1)).toBe(0);
    // The global hour is its own budget.
    expect(await rate.takeSendSlotsUpTo(hour, 10, 10)).toBe(10);
  });

  it('takes a batch\'s slots in one update, and one by one only when the batch does not fit', async () => {
    const hour = later(5 * 3_600_000);
    expect(await rate.takeSendSlotsUpTo(hour, 10, 7)).toBe(7);
    expect(await rate.takeSendSlotsUpTo(hour, 10, 7)).toBe(3);
    expect(await rate.takeSendSlotsUpTo(hour, 10, 1)).toBe(0);
  });
});

describe('escalate once', () => {
  const alert = { feedbackKey: 'generic#esc-1', rule: 'escalation.nps', reason: 'NPS 1 in 0–3', channel: 'survey', source: 'generic', metric: 'NPS 1', link: 'http://x/feedback?from=2026-11-23&to=2026-11-23', receivedAt: T0.toISOString() };
  const inbox = async () =>
    (await sqs.send(new ReceiveMessageCommand({ QueueUrl: resources.topics.escalations.inboxUrl!, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];

  it('publishes the alert to the topic once, however often it is asked', async () => {
    expect(await escalations.escalateOnce(alert, T0, 10_000)).toBe('published');
    expect(await escalations.escalateOnce(alert, later(1000), 10_000)).toBe('done');
    const messages = await inbox();
    expect(messages.map((m) => JSON.parse(m.Body!))).toEqual([alert]);
    expect(await ledger.getOutreach('generic#esc-1', 'ESC')).toMatchObject({ status: 'sent', rule: 'escalation.nps' });
    expect(await ledger.getOutreach('generic#esc-1')).toBeUndefined();
  });

  it('comes back for an alert another attempt holds, and never repeats one whose holder died (the caller opens its case instead)', async () => {
    await ledger.claimOutreach('generic#esc-2', 10_000, T0, {}, 'ESC');
    // The holder may be dead (its claim written, the answer lost): succeeding here would lose the escalation.
    expect(await escalations.escalateOnce({ ...alert, feedbackKey: 'generic#esc-2' }, later(1000), 10_000)).toBe('retry');
    expect(await escalations.escalateOnce({ ...alert, feedbackKey: 'generic#esc-2' }, later(20_000), 10_000)).toBe('uncertain');
    expect(await escalations.escalateOnce({ ...alert, feedbackKey: 'generic#esc-2' }, later(30_000), 10_000)).toBe('done');
    expect(await ledger.getOutreach('generic#esc-2', 'ESC')).toMatchObject({ status: 'uncertain' });
    expect(await inbox()).toEqual([]);
  });

  it('asks for a retry and frees the claim when the publish fails', async () => {
    const topic = process.env.ESCALATION_TOPIC_ARN;
    process.env.ESCALATION_TOPIC_ARN = 'arn:aws:sns:us-east-1:000000000000:no-such-topic';
    try {
      expect(await escalations.escalateOnce({ ...alert, feedbackKey: 'generic#esc-3' }, T0, 10_000)).toBe('retry');
    } finally {
      process.env.ESCALATION_TOPIC_ARN = topic;
    }
    expect(await ledger.getOutreach('generic#esc-3', 'ESC')).toBeUndefined();
    expect(await escalations.escalateOnce({ ...alert, feedbackKey: 'generic#esc-3' }, later(1000), 10_000)).toBe('published');
    expect((await inbox()).map((m) => JSON.parse(m.Body!).feedbackKey)).toEqual(['generic#esc-3']);
  });
});

describe('escalate a batch', () => {
  const alertFor = (feedbackKey: string) => ({ feedbackKey, rule: 'escalation.nps', reason: 'NPS 1 in 0–3', channel: 'survey', source: 'generic', metric: 'NPS 1', link: 'http://x', receivedAt: T0.toISOString() });
  const inbox = async () => {
    const out: string[] = [];
    for (;;) {
      const got = (await sqs.send(new ReceiveMessageCommand({ QueueUrl: resources.topics.escalations.inboxUrl!, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }))).Messages ?? [];
      if (got.length === 0) return out.sort();
      out.push(...got.map((m) => JSON.parse(m.Body!).feedbackKey as string));
    }
  };

  it('claims every alert of a batch in one transaction and records them in one more; each is published once', async () => {
    await ledger.claimOutreach('generic#eb-held', 10_000, T0, {}, 'ESC');
    writes.clear();
    const keys = ['generic#eb-1', 'generic#eb-2', 'generic#eb-held', 'generic#eb-3'];
    const results = await escalations.escalateAll(keys.map(alertFor), later(1_000), 10_000);
    expect(Object.fromEntries(results)).toEqual({ 'generic#eb-1': 'published', 'generic#eb-2': 'published', 'generic#eb-held': 'retry', 'generic#eb-3': 'published' });
    // Claim (refused by the held one), claim the rest, record: three requests for four alerts, however many alerts.
    expect(Object.fromEntries(writes)).toEqual({ TransactWriteItems: 3 });
    expect(await inbox()).toEqual(['generic#eb-1', 'generic#eb-2', 'generic#eb-3']);
    for (const k of ['generic#eb-1', 'generic#eb-2', 'generic#eb-3']) expect(await ledger.getOutreach(k, 'ESC')).toMatchObject({ status: 'sent', rule: 'escalation.nps' });
    // Asked again (the feedback redelivered): nothing is published twice.
    expect(Object.fromEntries(await escalations.escalateAll(keys.map(alertFor), later(20_000), 10_000))).toEqual({
      'generic#eb-1': 'done', 'generic#eb-2': 'done', 'generic#eb-held': 'uncertain', 'generic#eb-3': 'done',
    });
    expect(await inbox()).toEqual([]);
  });
});

describe('deferrals', () => {
  const body = '{"outreachId":"D1"}';

  it('up to 15 minutes: a delayed message on the outreach queue', async () => {
    expect(await deferral.deferOutreach('D1', body, 1_000, T0)).toBe('delayed');
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: resources.queueUrls.outreach.url, WaitTimeSeconds: 3 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual([body]);
  });

  it('beyond 15 minutes: a one-time schedule targeting the outreach queue, created once however often retried', async () => {
    const now = new Date();
    const delay = 16 * 60_000;
    expect(await deferral.deferOutreach('D2', body, delay, now)).toBe('scheduled');
    expect(await deferral.deferOutreach('D2', body, delay, now)).toBe('scheduled');
    const at = new Date(Math.ceil((now.getTime() + delay) / 1000) * 1000);
    const scheduler = new SchedulerClient({ ...creds, endpoint: schedulerUrl });
    const schedule = await scheduler.send(new GetScheduleCommand({ Name: `cx-outreach-${sha256(`D2@${at.toISOString()}`)}`, GroupName: 'deferrals' }));
    expect(schedule).toMatchObject({
      ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: resources.env.OUTREACH_QUEUE_ARN, Input: body },
    });
  });
});
