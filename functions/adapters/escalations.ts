/** Escalation alerts: a compact, PII-light summary on an SNS topic (email, Slack, Teams… subscribe to it). */
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '#clients/sns';
import { requireEnv } from '../env';
import { claimOutreach, recordOutcome, releaseClaim } from './outreach-ledger';

export interface EscalationAlert {
  feedbackKey: string;
  rule: string;
  reason: string;
  channel: string;
  source: string;
  metric: string;
  /** Customer's words, already truncated; subscribers are the company's own team. */
  excerpt?: string;
  /** Where to read the full record (dashboard or API). */
  link: string;
  receivedAt: string;
}

export async function publishEscalation(alert: EscalationAlert): Promise<string | undefined> {
  const out = await sns.send(
    new PublishCommand({
      TopicArn: requireEnv('ESCALATION_TOPIC_ARN'),
      Subject: `cx-loop escalation: ${alert.rule}`.slice(0, 100),
      Message: JSON.stringify(alert),
      MessageAttributes: { rule: { DataType: 'String', StringValue: alert.rule }, channel: { DataType: 'String', StringValue: alert.channel } },
    }),
  );
  return out.MessageId;
}

/**
 * Publishes an escalation at most once per feedback, with the outreach ledger's claim → act →
 * record (same crash windows; an uncertain alert is logged, not repeated). 'retry' asks the caller
 * to fail the record so SQS redelivers it.
 */
export async function escalateOnce(alert: EscalationAlert, now: Date, leaseMs: number): Promise<'published' | 'done' | 'retry'> {
  const id = `${alert.feedbackKey}#escalation`;
  const claim = await claimOutreach(id, leaseMs, now, { kind: 'escalation', feedbackKey: alert.feedbackKey, rule: alert.rule });
  if (claim === 'done') return 'done';
  if (claim === 'in-flight') return 'retry';
  if (claim === 'uncertain') {
    await recordOutcome(id, 'uncertain', { reason: 'a previous attempt died mid-publish' });
    return 'done';
  }
  let messageId: string | undefined;
  try {
    messageId = await publishEscalation(alert);
  } catch {
    await releaseClaim(id);
    return 'retry';
  }
  await recordOutcome(id, 'sent', { messageId, sentAt: new Date().toISOString() });
  return 'published';
}
