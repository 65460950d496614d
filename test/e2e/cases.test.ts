/**
 * People in the loop, end to end through the real local stack: an escalation opens one case with
 * an owner and a due time, one Slack message carrying the customer's (hostile) words escaped, one
 * Zendesk ticket; the ticket solved in the helpdesk comes back through its signed webhook and
 * resolves the case; the metrics count it closed within SLA. Duplicates and connector outages
 * included.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric } from '../../local/webhook-client';
import { eventually } from '../support/eventually';
import { sqsEvent as connectorEvent } from '../support/sqs-event';

// Each step waits on asynchronous queues; on a loaded CI machine that can take a while.
vi.setConfig({ testTimeout: 180_000 });

let runtime: LocalRuntime;
let secret: string;
const zendeskAuth = { authorization: `Basic ${Buffer.from('agent@example.com/token:local').toString('base64')}`, 'content-type': 'application/json' };

interface CaseItem { id: string; feedbackId: string; status: string; priority: string; owner: string; dueAt: string; openedAt: string; version: number }
const casesFor = async (feedbackId: string) => {
  const res = await fetch(`${runtime.apiUrl}/cases?limit=100`);
  return ((await res.json()) as { items: CaseItem[] }).items.filter((c) => c.feedbackId === feedbackId);
};
const ticketsFor = (caseId: string) => runtime.helpdesk.tickets.filter((t) => t.external_id === caseId);
const slackFor = (caseId: string) => runtime.chat.messages.filter((m) => JSON.stringify(m.body).includes(caseId));
const settle = () => new Promise((r) => setTimeout(r, 2_000));

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, onEscalation: () => undefined });
  secret = runtime.webhookSecrets.generic![0]!;
}, 200_000);

afterAll(async () => {
  await runtime?.stop();
});

describe('an escalation becomes a case, a chat message and a ticket', () => {
  const hostile = 'Cancel my account NOW <!channel> <https://evil.example|click here> & {{DATE(2020-01-01T00:00:00Z)}} *bold*';
  const escalation = { sourceEventId: 'case-e2e-1', customer: { email: 'angry@example.com', name: 'Ann' }, metric: { type: 'nps', score: 1 }, text: hostile };

  it('opens exactly one case with an owner and a due time, even when the webhook is delivered twice', async () => {
    const first = await postGeneric(runtime.apiUrl, secret, escalation);
    const again = await postGeneric(runtime.apiUrl, secret, escalation);
    expect([first.status, again.status]).toEqual([202, 202]);
    const found = await eventually(() => casesFor('generic#case-e2e-1'), (c) => c.length > 0, 90_000);
    await settle();
    const cases = await casesFor('generic#case-e2e-1');
    expect(cases).toHaveLength(1);
    const c = cases[0]!;
    expect(found[0]!.id).toBe(c.id);
    expect(c).toMatchObject({ status: 'open', priority: 'P1' });
    expect(['sam@example.com', 'alex@example.com']).toContain(c.owner);
    // P1: 4 hours on the wall clock.
    expect(Date.parse(c.dueAt) - Date.parse(c.openedAt)).toBe(4 * 3_600_000);
  });

  it('posts one Slack message with the customer words escaped, and opens one Zendesk ticket keyed by the case id', async () => {
    const [c] = await casesFor('generic#case-e2e-1');
    const messages = await eventually(async () => slackFor(c!.id), (m) => m.length > 0, 90_000);
    const tickets = await eventually(async () => ticketsFor(c!.id), (t) => t.length > 0, 90_000);
    await settle();
    expect(slackFor(c!.id)).toHaveLength(1);
    expect(ticketsFor(c!.id)).toHaveLength(1);
    const text = JSON.stringify(messages[0]!.body);
    expect(text).toContain('Cancel my account NOW');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example|click here>');
    expect(text).toContain(`/cases/${c!.id}|Open case`);
    expect(tickets[0]).toMatchObject({ external_id: c!.id, priority: 'urgent', requester: { email: 'angry@example.com' } });
    expect(tickets[0]!.description).toContain('Cancel my account NOW');
  });

  it('resolves the case when its ticket is solved (signed webhook), and counts it closed within SLA', async () => {
    const [c] = await casesFor('generic#case-e2e-1');
    const [ticket] = ticketsFor(c!.id);
    const res = await fetch(`${runtime.endpoints.helpdesk}/api/v2/tickets/${ticket!.id}.json`, { method: 'PUT', headers: zendeskAuth, body: JSON.stringify({ ticket: { status: 'solved' } }) });
    expect(res.status).toBe(200);
    expect(runtime.helpdesk.webhookFailures).toEqual([]);
    const detail = (await (await fetch(`${runtime.apiUrl}/cases/${c!.id}`)).json()) as Record<string, unknown>;
    expect(detail).toMatchObject({ status: 'resolved', closedBy: 'helpdesk:zendesk' });
    expect((detail.history as Array<{ what: string }>).map((h) => h.what)).toEqual(expect.arrayContaining([expect.stringMatching(/open → resolved/)]));

    const day = new Date().toISOString().slice(0, 10);
    const report = (await (await fetch(`${runtime.apiUrl}/metrics?dimension=priority&value=P1&from=${day}&to=${day}`)).json()) as { total: { cases: Record<string, unknown> } };
    expect(report.total.cases).toMatchObject({ opened: 1, resolved: 1, resolvedWithinSla: 1, closureWithinSlaPct: 100, open: 0 });
    expect((report.total.cases.timeToResolve as { count: number }).count).toBe(1);
  });

  it('a forged helpdesk webhook is refused and changes nothing', async () => {
    const body = JSON.stringify({ ticket_id: '1', external_id: 'cs_00000000000000000000', status: 'solved' });
    const res = await fetch(`${runtime.apiUrl}/helpdesk/zendesk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zendesk-webhook-signature': 'AAAA', 'x-zendesk-webhook-signature-timestamp': new Date().toISOString() },
      body,
    });
    expect(res.status).toBe(401);
  });
});

describe('operators work a case through the API', () => {
  it('assigns, notes and resolves with optimistic versions (409 when stale), and validates input', async () => {
    await postGeneric(runtime.apiUrl, secret, { sourceEventId: 'case-e2e-2', customer: { email: 'b@example.com' }, metric: { type: 'nps', score: 0 }, text: 'Awful.' });
    const [c] = await eventually(() => casesFor('generic#case-e2e-2'), (x) => x.length > 0, 90_000);
    const patch = (body: unknown) => fetch(`${runtime.apiUrl}/cases/${c!.id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    const bad = await patch({ status: 'done' });
    expect(bad.status).toBe(400);
    const stranger = await patch({ owner: 'nobody@example.com' });
    expect(stranger.status).toBe(400);

    const assigned = await patch({ owner: 'priya@example.com', version: c!.version, by: 'sam@example.com' });
    expect(assigned.status).toBe(200);
    const stale = await patch({ note: 'called, left a message', version: c!.version });
    expect(stale.status).toBe(409);
    const noted = (await (await patch({ note: 'called, left a message', status: 'contacted', version: c!.version + 1 })).json()) as { status: string; owner: { email: string }; notes: unknown[]; version: number };
    expect(noted).toMatchObject({ status: 'contacted', owner: { email: 'priya@example.com' } });
    expect(noted.notes).toHaveLength(1);
    const resolved = await patch({ status: 'resolved' });
    expect(resolved.status).toBe(200);
    const reopen = await patch({ status: 'open' });
    expect(reopen.status).toBe(409);

    const list = (await (await fetch(`${runtime.apiUrl}/cases?status=resolved&owner=priya@example.com`)).json()) as { items: CaseItem[] };
    expect(list.items.map((i) => i.id)).toContain(c!.id);
    expect((await fetch(`${runtime.apiUrl}/cases?status=nope`)).status).toBe(400);
    expect((await fetch(`${runtime.apiUrl}/cases/cs_ffffffffffffffffffff`)).status).toBe(404);
  });
});

describe('a connector that is down', () => {
  it('retries Slack and Zendesk after outages, and a ticket made before the connection broke is not made twice', async () => {
    runtime.chat.faults.add('down', 2);
    runtime.helpdesk.faults.add('crash-after', 1);
    await postGeneric(runtime.apiUrl, secret, { sourceEventId: 'case-e2e-3', customer: { email: 'c@example.com' }, metric: { type: 'nps', score: 2 }, text: 'Never again.' });
    const [c] = await eventually(() => casesFor('generic#case-e2e-3'), (x) => x.length > 0, 90_000);
    await eventually(async () => [slackFor(c!.id), ticketsFor(c!.id)], ([m, t]) => m!.length > 0 && t!.length > 0, 90_000);
    await settle();
    expect(slackFor(c!.id)).toHaveLength(1);
    expect(ticketsFor(c!.id)).toHaveLength(1);
    const detail = (await (await fetch(`${runtime.apiUrl}/cases/${c!.id}`)).json()) as { status: string; deliveries: Array<{ sk: string; status: string }> };
    expect(detail.status).toBe('open');
    expect(detail.deliveries.map((d) => [d.sk, d.status]).sort()).toEqual([['OUT#slack#opened', 'sent'], ['OUT#zendesk#opened', 'sent']]);
  });
});

describe('the delivery ledger, per batch', () => {
  it('claims a batch\'s deliveries in one transaction and records them in one more; a copy in the batch posts nothing', async () => {
    await postGeneric(runtime.apiUrl, secret, { sourceEventId: 'case-e2e-5', customer: { email: 'e@example.com' }, metric: { type: 'nps', score: 1 }, text: 'Broken on arrival.' });
    const [c] = await eventually(() => casesFor('generic#case-e2e-5'), (x) => x.length > 0, 90_000);
    await eventually(async () => [slackFor(c!.id), ticketsFor(c!.id)], ([m, t]) => m!.length > 0 && t!.length > 0, 90_000);
    await settle();
    // Every DynamoDB write naming this case's delivery items, from here on.
    const { observeCalls } = await import('../../local/sdk-middleware');
    const writes: string[] = [];
    observeCalls((await import('../../functions/clients/dynamodb')).dynamodb as never, (operation, input) => {
      if (['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem'].includes(operation) && JSON.stringify(input).includes(`OUT#slack#`) && JSON.stringify(input).includes(c!.id)) writes.push(operation);
    });
    const posted = slackFor(c!.id).length;
    const reminder = { caseId: c!.id, connector: 'slack', kind: 'reminder' };
    const lead = { caseId: c!.id, connector: 'slack', kind: 'lead' };
    const out = (await runtime.invoke('connectors', connectorEvent([reminder, lead, reminder], { queue: 'ConnectorQueue' }))) as { batchItemFailures: unknown[] };
    expect(out.batchItemFailures).toEqual([]);
    expect(slackFor(c!.id)).toHaveLength(posted + 2);
    // Two deliveries (and a copy): one claim, one record — not a claim and a record each.
    expect(writes).toEqual(['TransactWriteItems', 'TransactWriteItems']);
    const detail = (await (await fetch(`${runtime.apiUrl}/cases/${c!.id}`)).json()) as { deliveries: Array<{ sk: string; status: string; claimToken?: string }> };
    expect(detail.deliveries.filter((d) => d.sk.startsWith('OUT#slack#')).map((d) => [d.sk, d.status]).sort()).toEqual([
      ['OUT#slack#lead', 'sent'], ['OUT#slack#opened', 'sent'], ['OUT#slack#reminder', 'sent'],
    ]);
    expect(detail.deliveries.every((d) => d.claimToken === undefined)).toBe(true);
    // The batch again (redelivered): every step is done, nothing posted, nothing written.
    await runtime.invoke('connectors', connectorEvent([reminder, lead], { queue: 'ConnectorQueue' }));
    expect(slackFor(c!.id)).toHaveLength(posted + 2);
  });
});

describe('deliveries that cannot be made', () => {
  const sqsEvent = (body: unknown, receiveCount: number) => connectorEvent([body], { receiveCount, queue: 'ConnectorQueue' });
  const parked = async () => {
    const { ReceiveMessageCommand, SQSClient } = await import('@aws-sdk/client-sqs');
    const sqs = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.sqs });
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: runtime.resources.queueUrls.connectors.dlqUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }));
    sqs.destroy();
    return (out.Messages ?? []).map((m) => ({ body: m.Body ?? '', reason: m.MessageAttributes?.reason?.StringValue ?? '' }));
  };

  it('an uncertain post whose record was applied but unanswered is parked when its message comes back, not dropped', async () => {
    await postGeneric(runtime.apiUrl, secret, { sourceEventId: 'case-e2e-6', customer: { email: 'f@example.com' }, metric: { type: 'nps', score: 2 }, text: 'Wrong size twice.' });
    const [c] = await eventually(() => casesFor('generic#case-e2e-6'), (x) => x.length > 0, 90_000);
    await eventually(async () => slackFor(c!.id), (m) => m.length > 0, 90_000);
    await settle();
    const { injectFaults } = await import('../../local/sdk-middleware');
    const dynamodb = (await import('../../functions/clients/dynamodb')).dynamodb as never;
    // Slack takes the post but the answer is lost; the `uncertain` record is applied, its answer lost too.
    runtime.chat.faults.add('crash-after', 1);
    const injected = injectFaults(dynamodb, [{ operation: 'UpdateItem', kind: 'crash-after', times: 1, when: (input) => JSON.stringify(input).includes(c!.id) && JSON.stringify(input).includes('slack#reminder') }]);
    const reminder = { caseId: c!.id, connector: 'slack', kind: 'reminder' };
    const first = (await runtime.invoke('connectors', sqsEvent(reminder, 1))) as { batchItemFailures: unknown[] };
    expect(injected()).toBe(1);
    injectFaults(dynamodb, []);
    expect(first.batchItemFailures).toHaveLength(1);
    const posted = slackFor(c!.id).length;
    // SQS brings it back: the ledger says uncertain, so it is parked for a person, and nothing is posted again.
    const again = (await runtime.invoke('connectors', sqsEvent(reminder, 2))) as { batchItemFailures: unknown[] };
    expect(again.batchItemFailures).toEqual([]);
    expect(slackFor(c!.id)).toHaveLength(posted);
    expect((await parked()).filter((p) => p.body.includes(c!.id))).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^delivery-uncertain/) })]);
  });

  it('a Slack post whose answer was lost is parked as uncertain and never posted again; a Slack that stays down is parked with its reason, the case left open', async () => {
    await postGeneric(runtime.apiUrl, secret, { sourceEventId: 'case-e2e-4', customer: { email: 'd@example.com' }, metric: { type: 'nps', score: 3 }, text: 'Lost parcel.' });
    const [c] = await eventually(() => casesFor('generic#case-e2e-4'), (x) => x.length > 0, 90_000);
    await eventually(async () => slackFor(c!.id), (m) => m.length > 0, 90_000);
    // A reminder for this case, while Slack accepts the post but the connection breaks before the answer.
    runtime.chat.faults.add('crash-after', 1);
    const reminder = { caseId: c!.id, connector: 'slack', kind: 'reminder' };
    await runtime.invoke('connectors', sqsEvent(reminder, 1));
    const posted = slackFor(c!.id).length;
    expect(posted).toBe(2);
    // Redelivered (as SQS would after a crash): the ledger says uncertain, nothing is posted again.
    await runtime.invoke('connectors', sqsEvent(reminder, 2));
    expect(slackFor(c!.id)).toHaveLength(posted);

    // The lead escalation while Slack is down for good: the fifth attempt parks it with the reason.
    runtime.chat.faults.add('down', 3);
    const lead = { caseId: c!.id, connector: 'slack', kind: 'lead' };
    const out = (await runtime.invoke('connectors', sqsEvent(lead, 5))) as { batchItemFailures: unknown[] };
    expect(out.batchItemFailures).toEqual([]);
    const dlq = await parked();
    expect(dlq).toEqual(expect.arrayContaining([
      expect.objectContaining({ reason: expect.stringMatching(/^delivery-uncertain/) }),
      expect.objectContaining({ reason: expect.stringMatching(/slack down after 5 attempts: .*answered 503/) }),
    ]));
    expect(slackFor(c!.id)).toHaveLength(posted);
    const detail = (await (await fetch(`${runtime.apiUrl}/cases/${c!.id}`)).json()) as { status: string };
    expect(detail.status).toBe('open');
  });
});

describe('the cases handler, per batch', () => {
  /** Every request the handlers' own clients make while `run` runs: `operation` (and the queue of a send). */
  const requestsDuring = async (run: () => Promise<unknown>) => {
    const { observeCalls } = await import('../../local/sdk-middleware');
    const seen: string[] = [];
    const names: string[] = [];
    let on = true;
    const note = (operation: string, input: Record<string, unknown>) => {
      if (!on) return;
      seen.push(operation.startsWith('SendMessage') ? `${operation}(${String(input.QueueUrl).replace(/^.*-/, '')})` : operation);
      if (operation === 'CreateSchedule') names.push(String(input.Name));
    };
    const clients = [(await import('../../functions/clients/dynamodb')).dynamodb, (await import('../../functions/clients/sqs')).sqs, (await import('../../functions/clients/scheduler')).scheduler];
    for (const client of clients) observeCalls(client as never, note);
    const out = await run();
    on = false;
    const counts: Record<string, number> = {};
    for (const s of seen) counts[s] = (counts[s] ?? 0) + 1;
    return { out: out as { batchItemFailures: unknown[] }, counts, names };
  };
  const caseEvents = (bodies: unknown[]) => connectorEvent(bodies, { queue: 'CaseEventsQueue' });

  it('reads a batch\'s cases and feedback in one request each, schedules one reminder per case and queues every connector message in one send', async () => {
    const ids = ['case-e2e-7a', 'case-e2e-7b', 'case-e2e-7c'];
    for (const [i, id] of ids.entries()) await postGeneric(runtime.apiUrl, secret, { sourceEventId: id, customer: { email: `g${i}@example.com` }, metric: { type: 'nps', score: 1 }, text: 'Nobody answers the phone.' });
    const opened = await Promise.all(ids.map(async (id) => (await eventually(() => casesFor(`generic#${id}`), (x) => x.length > 0, 90_000))[0]!));
    await eventually(async () => opened.map((c) => ticketsFor(c.id).length), (t) => t.every((n) => n > 0), 90_000);
    await settle();
    // The alerts again, as one batch (SNS redelivers): each case found, its follow-ups re-offered.
    const { out, counts, names } = await requestsDuring(() => runtime.invoke('cases', caseEvents(ids.map((id) => ({ feedbackKey: `generic#${id}`, rule: 'escalation.nps' })))));
    expect(out.batchItemFailures).toEqual([]);
    // Per record this was three GetItem (cases), six CreateSchedule (due and lead) and three SendMessageBatch.
    expect(counts).toEqual({ BatchGetItem: 2, CreateSchedule: 3, 'SendMessageBatch(ConnectorQueue)': 1 });
    expect(names.sort()).toEqual(opened.map((c) => `cx-case-due-${c.id}`).sort());
    // Nothing posted twice: the ledger answers the re-offered messages.
    await settle();
    for (const c of opened) expect([slackFor(c.id).length, ticketsFor(c.id).length]).toEqual([1, 1]);
  });

  it('at the due time schedules the lead reminder before anything else; a failed create brings the due event back, the breach counted once and the reminder posted once', async () => {
    await postGeneric(runtime.apiUrl, secret, { sourceEventId: 'case-e2e-8', customer: { email: 'h@example.com' }, metric: { type: 'nps', score: 0 }, text: 'Still waiting.' });
    const [c] = await eventually(() => casesFor('generic#case-e2e-8'), (x) => x.length > 0, 90_000);
    await eventually(async () => slackFor(c!.id), (m) => m.length > 0, 90_000);
    await settle();
    // Its due time has come (the lead threshold is still hours away, so that one is a schedule).
    const { DynamoDBDocumentClient, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.dynamodb }));
    await db.send(new UpdateCommand({ TableName: runtime.resources.env.CASES_TABLE, Key: { pk: `CASE#${c!.id}`, sk: 'CASE' }, UpdateExpression: 'SET dueAt = :d', ExpressionAttributeValues: { ':d': new Date(Date.now() - 60_000).toISOString() } }));
    db.destroy();
    const { injectFaults } = await import('../../local/sdk-middleware');
    const scheduler = (await import('../../functions/clients/scheduler')).scheduler as never;
    // The lead's schedule cannot be created (every attempt times out): the due event fails after the breach is saved.
    injectFaults(scheduler, [{ operation: 'CreateSchedule', kind: 'timeout', times: 100, when: (input) => String(input.Name).startsWith('cx-case-lead-') }]);
    const due = { type: 'due', caseId: c!.id };
    const first = await requestsDuring(() => runtime.invoke('cases', caseEvents([due])));
    injectFaults(scheduler, []);
    expect(first.out.batchItemFailures).toHaveLength(1);
    expect(first.counts['SendMessageBatch(ConnectorQueue)']).toBeUndefined();
    // SQS brings it back: the lead is scheduled, the breach is not applied again, the reminder is queued.
    const again = await requestsDuring(() => runtime.invoke('cases', caseEvents([due])));
    expect(again.out.batchItemFailures).toEqual([]);
    expect(again.names).toEqual([`cx-case-lead-${c!.id}`]);
    expect(again.counts['SendMessageBatch(ConnectorQueue)']).toBe(1);
    expect(again.counts.TransactWriteItems).toBeUndefined();
    const detail = (await (await fetch(`${runtime.apiUrl}/cases/${c!.id}`)).json()) as { breachedAt?: string; history: Array<{ text?: string }> };
    expect(detail.breachedAt).toBeDefined();
    await eventually(async () => slackFor(c!.id), (m) => m.length === 2, 90_000);
    await settle();
    expect(slackFor(c!.id)).toHaveLength(2);
  });

  it('opens a batch\'s new cases in one transaction; two batches racing on the same alerts open each case once', async () => {
    const ids = ['case-e2e-7a', 'case-e2e-7b', 'case-e2e-7c'];
    const before = await Promise.all(ids.map(async (id) => (await casesFor(`generic#${id}`))[0]!));
    // The cases gone (as if never opened), their delivery ledgers kept: opening them again posts nothing.
    const { DynamoDBDocumentClient, DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.dynamodb }));
    const forget = () => Promise.all(before.map((c) => db.send(new DeleteCommand({ TableName: runtime.resources.env.CASES_TABLE, Key: { pk: `CASE#${c.id}`, sk: 'CASE' } }))));
    await forget();
    const alerts = () => caseEvents(ids.map((id) => ({ feedbackKey: `generic#${id}`, rule: 'escalation.nps' })));
    const { out, counts } = await requestsDuring(() => runtime.invoke('cases', alerts()));
    expect(out.batchItemFailures).toEqual([]);
    // Per record this was three TransactWriteItems (and a GetItem of each case and each feedback).
    expect(counts.TransactWriteItems).toBe(1);
    expect(counts.BatchGetItem).toBe(2);
    expect(counts.GetItem).toBeUndefined();
    for (const id of ids) expect(await casesFor(`generic#${id}`)).toHaveLength(1);

    // Two batches at once: both read no case, both try; one transaction opens them, the other finds them.
    await forget();
    const both = (await Promise.all([runtime.invoke('cases', alerts()), runtime.invoke('cases', alerts())])) as Array<{ batchItemFailures: unknown[] }>;
    db.destroy();
    expect(both.map((b) => b.batchItemFailures)).toEqual([[], []]);
    for (const id of ids) expect(await casesFor(`generic#${id}`)).toHaveLength(1);
    await settle();
    for (const c of before) expect([slackFor(c.id).length, ticketsFor(c.id).length]).toEqual([1, 1]);
  });
});
