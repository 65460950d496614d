/**
 * SES events queue → suppression list + outreach delivery status.
 * Event: SQS batch (ReportBatchItemFailures) whose bodies are SES event-publishing records
 * (https://docs.aws.amazon.com/ses/latest/dg/event-publishing-retrieving-sns-contents.html), delivered
 * raw by the SES events SNS topic. Every step is idempotent (suppression keeps its first reason, a
 * status update is a SET), so SQS redelivery is harmless.
 */
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { customerKeyOf } from '#domain/outreach';
import { effectOf, SesEventMessage } from '#domain/ses-event';
import { customerHashKey } from '#adapters/customer-hash-key';
import { outreachIdForMessage, recordDelivery, suppress } from '#adapters/outreach-ledger';
import { parkInDlq } from '#adapters/queue';
import { logger, metrics } from '#powertools';
import { requireEnv } from '../env';
import { parseRecordBody, processEachRecord } from './sqs-batch';


async function onSesEvent(record: SQSRecord): Promise<void> {
  const parsed = parseRecordBody(record, SesEventMessage);
  if (!parsed.ok) {
    await parkInDlq(requireEnv('SES_EVENTS_QUEUE_DLQ_URL'), record.body, parsed.reason);
    logger.warn('SES event parked', { messageId: record.messageId, reason: parsed.reason });
    return;
  }
  const effect = effectOf(parsed.value, new Date());
  // Suppression is keyed by the address, so it holds even when the outreach pointer is gone.
  for (const address of effect.suppress?.addresses ?? []) {
    const customerKey = customerKeyOf({ email: address }, await customerHashKey());
    if (!customerKey) continue;
    await suppress(customerKey, effect.suppress!.reason, new Date(effect.at));
    logger.info('address suppressed', { customerKey, reason: effect.suppress!.reason });
  }
  if (!effect.delivery) return;
  metrics.addMetric(`SesEvent_${effect.delivery}`, MetricUnit.Count, 1);
  // The outreach id rides in the email's tag; emails whose id was too long for a tag have a pointer item.
  const outreachId = effect.outreachId ?? (await outreachIdForMessage(effect.sesMessageId));
  if (outreachId) await recordDelivery(outreachId, effect.delivery, effect.at);
  else logger.info('SES event for an email we did not send (or whose pointer expired)', { sesMessageId: effect.sesMessageId, delivery: effect.delivery });
}

const sesEvents = (event: SQSEvent) => processEachRecord(event, onSesEvent);

export const handler = middy<SQSEvent, SQSBatchResponse>().use(logMetrics(metrics)).handler(sesEvents);
