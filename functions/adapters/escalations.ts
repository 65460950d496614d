/** Escalation alerts: a compact, PII-light summary on an SNS topic (email, Slack, Teams… subscribe to it). */
import { randomUUID } from 'node:crypto';
import { PublishCommand } from '@aws-sdk/client-sns';
import { sns } from '#clients/sns';
import type { EscalationAlert } from '#domain/escalation';
import { logger } from '#powertools';
import { requireEnv } from '../env';
import { claimAll, recordOutcomes, releaseClaim } from './outreach-ledger';

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

export type EscalationResult = 'published' | 'done' | 'retry' | 'uncertain';

/**
 * Publishes each escalation at most once per feedback, with the outreach ledger's claim → act →
 * record (same crash windows as an email), for a whole analyze batch at once: ONE transaction claims
 * every alert of the batch (`ESC#<feedbackKey>`), each claimed alert is published, and ONE
 * transaction records every outcome — two writes per batch instead of two per alert. Only the
 * attempt holding a claim publishes.
 *   - Another attempt holding it ('in-flight') may be alive or dead — a claim written whose answer was
 *     lost looks the same to anyone else — so this one asks for a 'retry' rather than succeeding: SQS
 *     brings the feedback back after the visibility timeout, which outlasts the lease, and then the
 *     claim is either settled ('done') or its holder is known dead. (Answering 'done' here deleted the
 *     message while its holder was dead: the escalation was never published and no case was ever
 *     opened.) This attempt's own claim after a lost answer is recognised by its token and published.
 *   - A claim whose holder died is 'uncertain': the alert may or may not be on the topic, and it is
 *     never published again (subscribers such as the team's email would see it twice). The caller
 *     opens the case directly instead, which is idempotent, so the unhappy customer still gets an owner.
 *   - Claims written, then a crash before or during the publishes: each is 'uncertain' once its lease
 *     runs out (the feedback comes back after it), so its case is opened directly, never alerted twice.
 *   - Published, then the record transaction fails or the process dies: the same — the lease runs out
 *     into 'uncertain' and the case is opened directly (idempotent: the published alert's case, if
 *     it was opened, is found). The alert is never repeated.
 * 'retry' (fail the record so SQS redelivers it) is also answered when the publish itself failed
 * and the claim was released. Throws (every alert: retry) when the claims cannot be written.
 */
export async function escalateAll(alerts: EscalationAlert[], now: Date, leaseMs: number): Promise<Map<string, EscalationResult>> {
  const results = new Map<string, EscalationResult>();
  if (alerts.length === 0) return results;
  const token = randomUUID();
  const claims = await claimAll('ESC', alerts.map((a) => ({ id: a.feedbackKey, token, attributes: { feedbackKey: a.feedbackKey, rule: a.rule } })), leaseMs, now);
  const outcomes: Parameters<typeof recordOutcomes>[1] = [];
  await Promise.all(
    alerts.map(async (alert) => {
      const id = alert.feedbackKey;
      const claim = claims.get(id);
      if (claim === 'in-flight') return results.set(id, 'retry');
      if (claim === 'uncertain') {
        outcomes.push({ id, status: 'uncertain', fields: { reason: 'a previous attempt died mid-publish' } });
        return results.set(id, 'uncertain');
      }
      if (claim !== 'claimed') return results.set(id, 'done');
      let messageId: string | undefined;
      try {
        messageId = await publishEscalation(alert);
      } catch (err) {
        logger.warn('escalation not published', { feedbackKey: id, error: err as Error });
        // Not released (the write failed too): the claim runs out into 'uncertain' and the case is opened directly.
        await releaseClaim(id, 'ESC', token).catch((e: unknown) => logger.warn('escalation claim not released', { feedbackKey: id, error: e as Error }));
        return results.set(id, 'retry');
      }
      // Published: failing the feedback now could not publish again anyway; the lease runs out into 'uncertain'.
      outcomes.push({ id, status: 'sent', fields: { messageId, sentAt: new Date().toISOString() } });
      return results.set(id, 'published');
    }),
  );
  try {
    await recordOutcomes('ESC', outcomes);
  } catch (err) {
    logger.warn('escalation outcomes not recorded', { ids: outcomes.map((o) => o.id), error: err as Error });
  }
  return results;
}

/** One alert (see escalateAll). */
export async function escalateOnce(alert: EscalationAlert, now: Date, leaseMs: number): Promise<EscalationResult> {
  return (await escalateAll([alert], now, leaseMs)).get(alert.feedbackKey)!;
}
