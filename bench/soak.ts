/**
 * `npm run soak`: the fault-injection tests, longer and at random. A few thousand events go through
 * the local runtime while a share of the handlers' AWS calls throttle, time out, or succeed with
 * the answer lost; then the books must balance:
 *   - every accepted event is stored once (or rests in the feedback DLQ), and counted once;
 *   - every outreach the rules decided has a settled ledger entry (or rests in the outreach DLQ);
 *   - no customer got more than one email, and every `sent` entry has exactly one.
 * Exits 1 when any of that fails. Writes bench/soak-results.json.
 *
 *   npm run soak [-- --events 2000 --fault-rate 0.05 --pollers 8 --drain-minutes 10]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { paginateQuery, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startLocalRuntime, type LocalRuntime } from '../local/runtime';
import { injectFaults, type Fault } from '../local/sdk-middleware';
import { auditCases, injectConnectorFaults } from './soak-cases';
import { sesInbox } from '../local/webhook-client';
import { drained, handlerClients, post, responsesCounted } from './drive';
import { workload } from './workload';
import { physicalKeys } from '../functions/domain/counters';
import { auditClients } from './audit-clients';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000' },
    // How long the queues may take to drain before the audit runs anyway (and the soak fails).
    'drain-minutes': { type: 'string' },
    'fault-rate': { type: 'string', default: '0.05' },
    concurrency: { type: 'string', default: '32' },
    // Batches in flight per queue: Lambda scales the SQS event source out; under faults each batch
    // waits on backoffs, so a couple of pollers would measure the backoff, not the pipeline.
    pollers: { type: 'string', default: '8' },
    out: { type: 'string', default: join(import.meta.dirname, 'soak-results.json') },
  },
});
const events = Number(values.events);
const rate = Number(values['fault-rate']);

/** Faults at random, for as long as the run lasts; `crash-after` is rarer, as in life. */
function randomFaults(): Record<'DynamoDB' | 'SQS' | 'SES' | 'Comprehend', Fault[]> {
  const sometimes = (p: number) => () => Math.random() < p;
  const many = Number.MAX_SAFE_INTEGER;
  return {
    DynamoDB: [
      ...['PutItem', 'UpdateItem', 'GetItem', 'TransactWriteItems'].map((operation) => ({ operation, kind: 'throttle' as const, times: many, when: sometimes(rate) })),
      { operation: 'TransactWriteItems', kind: 'crash-after', times: many, when: sometimes(rate / 5) },
      { operation: 'UpdateItem', kind: 'crash-after', times: many, when: sometimes(rate / 5) },
    ],
    SQS: [
      { operation: 'SendMessageBatch', kind: 'timeout', times: many, when: sometimes(rate) },
      { operation: 'SendMessage', kind: 'throttle', times: many, when: sometimes(rate) },
    ],
    SES: [
      { operation: 'SendEmail', kind: 'throttle', times: many, when: sometimes(rate) },
      { operation: 'SendEmail', kind: 'crash-after', times: many, when: sometimes(rate / 10) },
    ],
    Comprehend: [{ operation: 'BatchDetectSentiment', kind: 'throttle', times: many, when: sometimes(rate) }],
  };
}

async function parked(sqs: SQSClient, queueUrl: string): Promise<Array<{ body: string; reason?: string }>> {
  const seen = new Map<string, { body: string; reason?: string }>();
  // Receive until a pass adds nothing new; the messages stay (a short visibility lets them return).
  for (let pass = 0; pass < 50; pass++) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 30, WaitTimeSeconds: 0 }));
    if (!out.Messages?.length) break;
    for (const m of out.Messages) seen.set(m.MessageId!, { body: m.Body ?? '', reason: m.MessageAttributes?.reason?.StringValue });
  }
  return [...seen.values()];
}

/** The dedupe key of a parked FeedbackEvent body (`source#sourceEventId`). */
function keyOf(body: string): string {
  try {
    const event = JSON.parse(body) as { source?: string; sourceEventId?: string };
    return `${event.source}#${event.sourceEventId}`;
  } catch {
    return body;
  }
}

/** Outreach outcomes as the counters have them (all hours, all kinds), by status. */
async function outreachOutcomesCounted(db: DynamoDBDocumentClient, runtime: LocalRuntime): Promise<Record<string, number>> {
  const byStatus: Record<string, number> = {};
  // Summed over the counter shards, as every reader does (functions/domain/counters.ts).
  for (const pk of physicalKeys('C#all#all')) {
    for await (const page of paginateQuery({ client: db }, { TableName: runtime.resources.env.METRICS_TABLE, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } })) {
      for (const item of page.Items ?? []) {
        for (const [field, n] of Object.entries(item)) {
          const status = /^outreach_(?:gratitude|recovery)_(sent|suppressed|unconsented|cooldown|uncertain|failed)$/.exec(field)?.[1];
          if (status) byStatus[status] = (byStatus[status] ?? 0) + Number(n);
        }
      }
    }
  }
  return byStatus;
}

async function audit(runtime: LocalRuntime, accepted: number) {
  const { db, sqs, scan, destroy } = auditClients(runtime);
  try {
    const feedback = await scan(runtime.resources.env.FEEDBACK_TABLE!);
    const ledger = (await scan(runtime.resources.env.OUTREACH_TABLE!)).filter((i) => String(i.pk).startsWith('OUT#') && i.kind !== 'escalation');
    const feedbackDlq = await parked(sqs, runtime.resources.queueUrls.feedback.dlqUrl);
    const outreachDlq = await parked(sqs, runtime.resources.queueUrls.outreach.dlqUrl);
    const counted = await responsesCounted(db, runtime);
    const outcomeCounters = await outreachOutcomesCounted(db, runtime);
    const emails = await sesInbox(runtime.sesStoreUrl);

    const emailsPer = new Map<string, number>();
    for (const e of emails) for (const to of e.destination.to) emailsPer.set(to, (emailsPer.get(to) ?? 0) + 1);
    const decided = feedback.filter((f) => (f.decision as { action?: string } | undefined)?.action !== 'none' && (f.customer as { email?: string } | undefined)?.email);
    const ledgerByFeedback = new Map(ledger.map((l) => [String(l.feedbackKey), l]));
    const parkedOutreach = new Set(outreachDlq.map((p) => (JSON.parse(p.body) as { feedbackKey?: string }).feedbackKey));
    const statuses: Record<string, number> = {};
    for (const l of ledger) statuses[String(l.status)] = (statuses[String(l.status)] ?? 0) + 1;
    const emailOf = (feedbackKey: string) => (feedback.find((f) => f.pk === feedbackKey)?.customer as { email?: string } | undefined)?.email ?? '';

    const storedKeys = new Set(feedback.map((f) => String(f.pk)));
    const parkedKeys = new Set(feedbackDlq.map((p) => keyOf(p.body)));
    const checks = {
      // A copy may rest in the DLQ although the event was stored (it kept failing after the store, e.g. on hand-off): it is not lost.
      // At least the accepted ones: a webhook whose answer timed out may still have been queued (the vendor would retry, and dedupe).
      'every accepted event stored once or parked': new Set([...storedKeys, ...parkedKeys]).size >= accepted && feedback.length === storedKeys.size,
      'every stored event counted once': counted === feedback.length,
      'every decided outreach settled or parked': decided.every((f) => {
        const entry = ledgerByFeedback.get(String(f.pk));
        return (entry && entry.status !== 'sending') || parkedOutreach.has(String(f.pk));
      }),
      'no customer emailed twice': [...emailsPer.values()].every((n) => n <= 1),
      'every sent entry has exactly one email': ledger.filter((l) => l.status === 'sent').every((l) => emailsPer.get(emailOf(String(l.feedbackKey))) === 1),
      'parked outreach carries a reason': outreachDlq.every((p) => Boolean(p.reason)),
      // Notify's counters move in the same transaction as the outcome they count.
      'every outreach outcome counted once': Object.entries(statuses).every(([status, n]) => status === 'sending' || (outcomeCounters[status] ?? 0) === n)
        && Object.entries(outcomeCounters).every(([status, n]) => statuses[status] === n),
    };
    const stillQueued = Object.fromEntries(
      await Promise.all(
        Object.entries(runtime.resources.queueUrls).map(async ([name, { url }]) => {
          const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }));
          return [name, out.Attributes ?? {}] as const;
        }),
      ),
    );
    return {
      stillQueued,
      accepted,
      stored: feedback.length,
      feedbackDlq: feedbackDlq.length,
      parkedAlthoughStored: [...parkedKeys].filter((k) => storedKeys.has(k)).length,
      decided: decided.length,
      ledger: statuses,
      outreachCounters: outcomeCounters,
      outreachDlq: outreachDlq.map((p) => p.reason ?? '(no reason: moved by the redrive policy)'),
      // What an unsettled entry looked like, to find the window it fell through.
      unsettled: decided
        .filter((f) => {
          const entry = ledgerByFeedback.get(String(f.pk));
          return !((entry && entry.status !== 'sending') || parkedOutreach.has(String(f.pk)));
        })
        .slice(0, 5)
        .map((f) => {
          const entry = ledgerByFeedback.get(String(f.pk));
          return { feedbackKey: f.pk, ledger: entry ? { status: entry.status, claimedAt: entry.claimedAt, leaseUntil: entry.leaseUntil } : 'no entry' };
        }),
      emails: emails.length,
      checks,
    };
  } finally {
    destroy();
  }
}

process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Compressed time so retries happen within the run, keeping the deployed invariant that the visibility
// timeout outlasts the function (60 s vs 30 s in AWS): a batch is never received again while it still
// runs. (With 5 s visibility and 30 s functions, a machine too busy to finish a batch in 5 s redelivered
// every message five times into the DLQ without a reason: stale copies, not lost events, but noise.)
const runtime = await startLocalRuntime({
  port: 0,
  timing: { visibilityTimeoutSeconds: 20, functionTimeoutSeconds: 15 },
  eventSources: { concurrency: Number(values.pollers) },
  onEscalation: () => undefined,
});
let failed = true;
try {
  // The hourly ceilings (all email, and per recipient domain: every workload address is at example.com)
  // would hold most emails for the next hour, and this run measures the pipeline, not the ceilings.
  const { guards } = (await import('../functions/settings')).settings;
  guards.maxPerHour = 1_000_000_000;
  guards.maxPerDomainPerHour = 1_000_000_000;
  const clients = await handlerClients();
  const faults = randomFaults();
  const injected = Object.fromEntries(Object.entries(clients).map(([service, client]) => [service, injectFaults(client, faults[service as keyof typeof faults])]));
  const connectorFaults = injectConnectorFaults(runtime, events, rate);

  const started = Date.now();
  const { accepted } = await post(runtime, workload({ events, runId: `soak-${Date.now().toString(36)}`, seed: 7 }), Number(values.concurrency));
  // Some events may rest in the DLQ, so wait only for both queues to empty; the audit then balances the books.
  // Ten minutes, or 150 ms an event for longer runs (10,000 events: 25 minutes) on two shared cores.
  const drainMs = values['drain-minutes'] ? Number(values['drain-minutes']) * 60_000 : Math.max(10 * 60_000, events * 150);
  const settled = await drained(runtime, 0, drainMs).then(
    () => true,
    (err: Error) => (console.error(`soak: ${err.message}; auditing what is there`), false),
  );
  const report = { measuredAt: new Date().toISOString(), events, faultRate: rate, pollersPerQueue: Number(values.pollers), settled, durationMs: Date.now() - started, faultsInjected: Object.fromEntries(Object.entries(injected).map(([s, n]) => [s, n()])), ...(await audit(runtime, accepted)) };
  const cases = { connectorFaults: connectorFaults(), ...(await auditCases(runtime)) };
  Object.assign(report, { cases });
  writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  failed = !settled || Object.values(report.checks).some((ok) => !ok) || Object.values(cases.checks).some((ok) => !ok);
  console.log(failed ? '\nsoak: BOOKS DO NOT BALANCE' : '\nsoak: nothing lost, nothing twice');
} catch (err) {
  console.error('soak:', err);
} finally {
  await runtime.stop();
  process.exit(failed ? 1 : 0);
}
