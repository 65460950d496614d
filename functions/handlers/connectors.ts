/**
 * Connector queue → Slack, Teams, Zendesk, Jira: one message per case × connector × kind, sent at
 * most once. Event: SQS batch with ReportBatchItemFailures, processed by Powertools' BatchProcessor.
 *
 * Claim → send → record in the case's delivery ledger (adapters/cases-store.ts):
 * - the service answered with an error: nothing was sent; the claim is released and SQS redelivers
 *   (its visibility timeout is the backoff, on top of the in-call retries with jitter). On the last
 *   attempt the message is parked in the connector DLQ with the reason (the DLQ alarm fires) and the
 *   case stays open, so a redrive sends it.
 * - no answer (timeout, reset): a chat post may have landed, so it is recorded `uncertain` and
 *   parked, never repeated; a ticket is looked up by the case id before any create, so it is retried.
 */
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { isClosed, type CaseRecord } from '#domain/cases/case';
import { ConnectorMessage } from '#domain/cases/messages';
import { claimDelivery, getCase, reclaimDelivery, recordDelivery, releaseDelivery } from '#adapters/cases-store';
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
import { parseRecordBody, processEachRecord } from './sqs-batch';

/** Attempts before a failing delivery is parked with its reason; one below the queue's maxReceiveCount, so SQS never parks it without one. */
export const CONNECTOR_ATTEMPTS = 5;


async function connectors(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  metrics.addMetric('ConnectorMessagesReceived', MetricUnit.Count, event.Records.length);
  return processEachRecord(event, (record: SQSRecord) => deliver(record, context));
}

export const caseUrlOf = (caseId: string) => `${requireEnv('PUBLIC_API_URL').replace(/\/$/, '')}/cases/${caseId}`;

async function deliver(record: SQSRecord, context: Context): Promise<void> {
  const parsed = parseRecordBody(record, ConnectorMessage);
  if (!parsed.ok) return park(record, parsed.reason, 'invalid');
  const { caseId, connector, kind } = parsed.value;
  if (!settings.cases.connectors[connector]) return;
  const c = await getCase(caseId);
  // Erased, or closed before a reminder went out: nothing to say.
  if (!c || (kind !== 'opened' && isClosed(c.status))) return;
  const ticket = connector === 'zendesk' || connector === 'jira';
  if (ticket && kind !== 'opened') return;

  const creds = await connectorCredentials();
  if (!creds[connector]) return park(record, `no ${connector} credentials in the connector secret`, connector);

  const step = `${connector}#${kind}`;
  const now = new Date();
  const lease = context.getRemainingTimeInMillis() + 5_000;
  const claim = await claimDelivery(c, step, lease, now);
  if (claim === 'done') return;
  if (claim === 'in-flight') throw new Error(`another attempt holds ${step} for ${caseId}`);
  if (claim === 'expired') {
    if (!ticket) {
      await recordDelivery(caseId, step, 'uncertain', { reason: 'a previous attempt died mid-post' });
      return park(record, `delivery-uncertain: a previous ${connector} post may have landed; check the channel before redriving`, connector);
    }
    // Tickets look before they create: taking over a dead attempt's claim cannot make a second one.
    if (!(await reclaimDelivery(caseId, step, lease, now))) throw new Error(`${step} for ${caseId} was taken over`);
  }

  let fields: Record<string, unknown>;
  try {
    fields = await send(connector, creds, c, kind, now);
  } catch (err) {
    return failed(record, c, step, connector, ticket, err);
  }
  // A ticket's pointer goes with its record, in one transaction.
  const ticketId = typeof fields.ticketId === 'string' ? fields.ticketId : undefined;
  await recordDelivery(caseId, step, 'sent', { ...fields, sentAt: new Date().toISOString() }, ticketId ? { case: c, helpdesk: connector, ticketId } : undefined);
  metrics.addMetric(`Connector_${connector}_sent`, MetricUnit.Count, 1);
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

async function failed(record: SQSRecord, c: CaseRecord, step: string, connector: string, ticket: boolean, err: unknown): Promise<void> {
  const reason = (err as Error).message;
  const unanswered = err instanceof ConnectorError && !err.answered;
  if (unanswered && !ticket) {
    await recordDelivery(c.id, step, 'uncertain', { reason });
    return park(record, `delivery-uncertain: ${reason}; check the channel before redriving`, connector);
  }
  // Nothing was sent (or a ticket retry will find what was): free the claim for the next attempt.
  await releaseDelivery(c.id, step);
  if (Number(record.attributes.ApproximateReceiveCount ?? 1) >= CONNECTOR_ATTEMPTS) return park(record, `${connector} down after ${CONNECTOR_ATTEMPTS} attempts: ${reason}`, connector);
  logger.warn('connector delivery failed; SQS will retry', { caseId: c.id, step, error: reason });
  throw err;
}

async function park(record: SQSRecord, reason: string, connector: string): Promise<void> {
  await parkInDlq(requireEnv('CONNECTOR_QUEUE_DLQ_URL'), record.body, reason);
  metrics.addMetric(`Connector_${connector}_parked`, MetricUnit.Count, 1);
  logger.warn('connector message parked', { messageId: record.messageId, reason });
}

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(connectors);
