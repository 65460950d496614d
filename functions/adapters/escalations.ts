/** Escalation alerts: a compact, PII-light summary on an SNS topic (email, Slack, Teams… subscribe to it). */
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '#clients/sns';
import type { EscalationAlert } from '#domain/escalation';
import { logger } from '#powertools';
import { requireEnv } from '../env';
import { claimOutreach, recordOutcome, releaseClaim } from './outreach-ledger';

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
 * record (same crash windows as an email). Only the attempt holding the claim publishes.
 *   - Another attempt holding it ('in-flight') may be alive or dead — a claim written whose answer was
 *     lost looks the same — so this one asks for a 'retry' rather than succeeding: SQS brings the
 *     feedback back after the visibility timeout, which outlasts the lease, and then the claim is
 *     either settled ('done') or its holder is known dead. (Answering 'done' here deleted the message
 *     while its holder was dead: the escalation was never published and no case was ever opened.)
 *   - A claim whose holder died is 'uncertain': the alert may or may not be on the topic, and it is
 *     never published again (subscribers such as the team's email would see it twice). The caller
 *     opens the case directly instead, which is idempotent, so the unhappy customer still gets an owner.
 * 'retry' (fail the record so SQS redelivers it) is also answered when the publish itself failed
 * and the claim was released.
 */
export async function escalateOnce(alert: EscalationAlert, now: Date, leaseMs: number): Promise<'published' | 'done' | 'retry' | 'uncertain'> {
  const id = alert.feedbackKey;
  const claim = await claimOutreach(id, leaseMs, now, { feedbackKey: alert.feedbackKey, rule: alert.rule }, 'ESC');
  if (claim === 'in-flight') return 'retry';
  if (claim === 'uncertain') {
    await recordQuietly(id, 'uncertain', { reason: 'a previous attempt died mid-publish' });
    return 'uncertain';
  }
  if (claim !== 'claimed') return 'done';
  let messageId: string | undefined;
  try {
    messageId = await publishEscalation(alert);
  } catch (err) {
    logger.warn('escalation not published', { feedbackKey: alert.feedbackKey, error: err as Error });
    await releaseClaim(id, 'ESC');
    return 'retry';
  }
  // Published: failing the feedback now could not publish again anyway; the lease runs out into 'uncertain'.
  await recordQuietly(id, 'sent', { messageId, sentAt: new Date().toISOString() });
  return 'published';
}

async function recordQuietly(id: string, status: 'sent' | 'uncertain', fields: Record<string, unknown>) {
  try {
    await recordOutcome(id, status, fields, 'ESC');
  } catch (err) {
    logger.warn('escalation outcome not recorded', { id, status, error: err as Error });
  }
}
