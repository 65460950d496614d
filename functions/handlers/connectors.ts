/**
 * Connector queue → Slack, Teams, Zendesk, Jira: one message per case × connector × kind, sent at
 * most once. Event: SQS batch with ReportBatchItemFailures.
 *
 * The batch's cases are read in one BatchGetItem (a case's messages usually share a batch), not one
 * GetItem per message. Claim → send → record in the case's delivery ledger (adapters/cases-store.ts), per batch: ONE
 * transaction claims every delivery of the batch (a case's Slack message and Zendesk ticket are
 * queued together, so they usually arrive in one batch), each is sent, and ONE transaction records
 * every outcome with the pointers of the tickets made — two writes per batch instead of two (and a
 * pointer) per delivery. The crash windows are those of an outreach email (adapters/outreach-ledger.ts):
 * - claims written, then a crash (or the claim transaction's answer lost for good): the claims run
 *   out; a chat post is then recorded `uncertain` and parked, never repeated (the claims were
 *   released if this attempt lived to know it had sent nothing); a ticket is looked up by the case
 *   id before any create, so it is taken over and retried.
 * - the service answered with an error: nothing was sent; the claim is released (only if still ours,
 *   by claim token) and SQS redelivers (its visibility timeout is the backoff, on top of the in-call
 *   retries with jitter). On the last attempt the message is parked in the connector DLQ with the
 *   reason (the DLQ alarm fires) and the case stays open, so a redrive sends it.
 * - no answer (timeout, reset): a chat post may have landed, so it is recorded `uncertain` and
 *   parked, never repeated; a ticket is looked up by the case id before any create, so it is retried.
 * - sent, then the record transaction fails or the process dies: the message comes back, finds its
 *   claim live (retried later) or run out (`uncertain` for a chat post, taken over for a ticket,
 *   which finds the ticket it made): never a second post or ticket.
 * An `uncertain` outcome is parked once it is recorded; a message that meets its step already
 * recorded `uncertain` (its record applied, the answer lost, so never parked) is parked then.
 */
import { randomUUID } from 'node:crypto';
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isClosed, type CaseRecord } from '#domain/cases/case';
import { ConnectorMessage } from '#domain/cases/messages';
import { claimDeliveries, getCases, reclaimDelivery, recordDeliveries, releaseDelivery, type DeliveryOutcome } from '#adapters/cases-store';
import { connectorCredentials, type ConnectorCredentials } from '#adapters/connectors/credentials';
import { ConnectorError } from '#adapters/connectors/http';
import { createJiraIssue } from '#adapters/connectors/jira';
import { postToSlack } from '#adapters/connectors/slack';
import { postToTeams } from '#adapters/connectors/teams';
import { createZendeskTicket } from '#adapters/connectors/zendesk';
import { parkInDlq } from '#adapters/queue';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { settings } from '../settings';
import { BatchFailures, parseRecordBody, type Parsed } from './sqs-batch';

/** Attempts before a failing delivery is parked with its reason; one below the queue's maxReceiveCount, so SQS never parks it without one. */
export const CONNECTOR_ATTEMPTS = 5;

interface Delivery {
  record: SQSRecord;
  c: CaseRecord;
  connector: ConnectorMessage['connector'];
  kind: ConnectorMessage['kind'];
  step: string;
  ticket: boolean;
  creds: ConnectorCredentials;
}
/** An outcome to record, whose message is parked (with this reason) once it is recorded. */
type Outcome = DeliveryOutcome & { record: SQSRecord; parkAs?: string; connector: string };

async function connectors(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  metrics.addMetric('ConnectorMessagesReceived', MetricUnit.Count, event.Records.length);
  const failures = new BatchFailures();
  const now = new Date();
  const lease = context.getRemainingTimeInMillis() + 5_000;
  const token = randomUUID();

  // 1. What each message asks for; one with nothing to say is done (or parked) here.
  // The batch's cases in one read (a case's Slack and Zendesk messages usually share a batch), not one per message.
  const parsed = event.Records.map((record) => ({ record, parsed: parseRecordBody(record, ConnectorMessage) }));
  let cases: Map<string, CaseRecord>;
  try {
    cases = await getCases(parsed.flatMap(({ parsed: p }) => (p.ok && settings.cases.connectors[p.value.connector] ? [p.value.caseId] : [])));
  } catch (err) {
    for (const { record } of parsed) failures.add(record, `cases not read: ${(err as Error).message}`);
    return failures.response();
  }
  const asked = await Promise.all(parsed.map(({ record, parsed: p }) => guarded(failures, record, () => deliveryOf(record, p, cases))));
  const deliveries: Delivery[] = [];
  const leaders = new Map<string, Delivery>();
  for (const d of asked) {
    if (!d) continue;
    // The same delivery twice in a batch (a case event re-offered): the copy shares the first one's fate.
    const leader = leaders.get(`${d.c.id}#${d.step}`);
    if (leader) failures.follow(d.record, leader.record);
    else {
      leaders.set(`${d.c.id}#${d.step}`, d);
      deliveries.push(d);
    }
  }
  if (deliveries.length === 0) return failures.response();

  // 2. Every claim of the batch in one transaction.
  let claims: Awaited<ReturnType<typeof claimDeliveries>>;
  try {
    claims = await claimDeliveries(deliveries.map((d) => ({ case: d.c, step: d.step, token })), lease, now);
  } catch (err) {
    // Nothing was sent: give back any claim whose answer was lost (only ours), and let SQS bring the batch again.
    logger.warn('connector claims not written', { error: err as Error });
    await Promise.all(deliveries.map((d) => releaseDelivery(d.c.id, d.step, token).catch(() => undefined)));
    for (const d of deliveries) failures.add(d.record, 'claim not written');
    return failures.response();
  }

  // 3. Send what this attempt holds.
  const outcomes: Outcome[] = [];
  await Promise.all(
    deliveries.map((d, i) =>
      guarded(failures, d.record, async () => {
        const claim = claims[i];
        if (claim === 'done') return;
        // Recorded uncertain by an attempt that may not have lived to park it (the record's answer lost):
        // parked (again) for a person, never sent. A redrive without deleting the ledger entry comes back here.
        if (claim === 'uncertain') return park(d.record, `delivery-uncertain: an earlier ${d.connector} post may have landed; check the channel before redriving`, d.connector);
        if (claim === 'in-flight') throw new Error(`another attempt holds ${d.step} for ${d.c.id}`);
        if (claim === 'expired') {
          if (!d.ticket) {
            outcomes.push(outcomeOf(d, 'uncertain', { reason: 'a previous attempt died mid-post' }, `delivery-uncertain: a previous ${d.connector} post may have landed; check the channel before redriving`));
            return;
          }
          // Tickets look before they create: taking over a dead attempt's claim cannot make a second one.
          if (!(await reclaimDelivery(d.c.id, d.step, token, lease, now))) throw new Error(`${d.step} for ${d.c.id} was taken over`);
        }
        let fields: Record<string, unknown>;
        try {
          fields = await send(d.connector, d.creds, d.c, d.kind, now);
        } catch (err) {
          return failed(d, token, err, outcomes);
        }
        const ticketId = typeof fields.ticketId === 'string' ? fields.ticketId : undefined;
        outcomes.push({ ...outcomeOf(d, 'sent', { ...fields, sentAt: new Date().toISOString() }), ...(ticketId ? { ticket: { case: d.c, helpdesk: d.connector, ticketId } } : {}) });
      }),
    ),
  );

  // 4. Every outcome (and ticket pointer) in one transaction; then the uncertain ones are parked.
  try {
    await recordDeliveries(outcomes);
  } catch (err) {
    logger.warn('connector outcomes not recorded', { error: err as Error });
    for (const o of outcomes) failures.add(o.record, 'outcome not recorded');
    return failures.response();
  }
  for (const o of outcomes) {
    if (o.status === 'sent') metrics.addMetric(`Connector_${o.connector}_sent`, MetricUnit.Count, 1);
    if (o.parkAs) await guarded(failures, o.record, () => park(o.record, o.parkAs!, o.connector));
  }
  return failures.response();
}

export const caseUrlOf = (caseId: string) => `${requireEnv('PUBLIC_API_URL').replace(/\/$/, '')}/cases/${caseId}`;

async function deliveryOf(record: SQSRecord, parsed: Parsed<ConnectorMessage>, cases: Map<string, CaseRecord>): Promise<Delivery | undefined> {
  if (!parsed.ok) return void (await park(record, parsed.reason, 'invalid'));
  const { caseId, connector, kind } = parsed.value;
  if (!settings.cases.connectors[connector]) return undefined;
  const c = cases.get(caseId);
  // Erased, or closed before a reminder went out: nothing to say.
  if (!c || (kind !== 'opened' && isClosed(c.status))) return undefined;
  const ticket = connector === 'zendesk' || connector === 'jira';
  if (ticket && kind !== 'opened') return undefined;
  const creds = await connectorCredentials();
  if (!creds[connector]) return void (await park(record, `no ${connector} credentials in the connector secret`, connector));
  return { record, c, connector, kind, step: `${connector}#${kind}`, ticket, creds };
}

const outcomeOf = (d: Delivery, status: Outcome['status'], fields: Record<string, unknown>, parkAs?: string): Outcome => ({
  caseId: d.c.id,
  step: d.step,
  status,
  fields,
  record: d.record,
  connector: d.connector,
  ...(parkAs ? { parkAs } : {}),
});

/** Runs one record's step; an error fails that record only. */
async function guarded<T>(failures: BatchFailures, record: SQSRecord, step: () => Promise<T>): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    failures.add(record, (err as Error).message);
    return undefined;
  }
}

async function send(connector: ConnectorMessage['connector'], creds: ConnectorCredentials, c: CaseRecord, kind: ConnectorMessage['kind'], now: Date): Promise<Record<string, unknown>> {
  const caseUrl = caseUrlOf(c.id);
  switch (connector) {
    case 'slack':
      return postToSlack(creds.slack!, c, { kind, caseUrl, now });
    case 'teams':
      return postToTeams(creds.teams!, c, { kind, caseUrl, now });
    case 'zendesk':
      return { helpdesk: 'zendesk', ...(await createZendeskTicket(creds.zendesk!, c, caseUrl)) };
    case 'jira':
      return { helpdesk: 'jira', ...(await createJiraIssue(creds.jira!, c, caseUrl)) };
  }
}

async function failed(d: Delivery, token: string, err: unknown, outcomes: Outcome[]): Promise<void> {
  const reason = (err as Error).message;
  const unanswered = err instanceof ConnectorError && !err.answered;
  if (unanswered && !d.ticket) {
    outcomes.push(outcomeOf(d, 'uncertain', { reason }, `delivery-uncertain: ${reason}; check the channel before redriving`));
    return;
  }
  // Nothing was sent (or a ticket retry will find what was): free the claim for the next attempt.
  await releaseDelivery(d.c.id, d.step, token);
  if (Number(d.record.attributes.ApproximateReceiveCount ?? 1) >= CONNECTOR_ATTEMPTS) return park(d.record, `${d.connector} down after ${CONNECTOR_ATTEMPTS} attempts: ${reason}`, d.connector);
  logger.warn('connector delivery failed; SQS will retry', { caseId: d.c.id, step: d.step, error: reason });
  throw err;
}

async function park(record: SQSRecord, reason: string, connector: string): Promise<void> {
  await parkInDlq(requireEnv('CONNECTOR_QUEUE_DLQ_URL'), record.body, reason);
  metrics.addMetric(`Connector_${connector}_parked`, MetricUnit.Count, 1);
  logger.warn('connector message parked', { messageId: record.messageId, reason });
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(connectors);
