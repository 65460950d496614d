/**
 * Deferred outreach (quiet hours, hourly ceiling): the message goes back on the outreach queue to
 * be judged again when it arrives. Up to SQS's 15-minute maximum that is a delayed send; beyond, an
 * EventBridge Scheduler one-time schedule delivers it to the queue at the time and deletes itself.
 * A copy delivered twice is harmless: the ledger claim lets only one send.
 */
import { ConflictException, CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { scheduler } from '#clients/scheduler';
import { sha256 } from '#domain/outreach';
import { requireEnv } from '../env';
import { sendMessages, sqsSafeBody } from './queue';

export const SQS_MAX_DELAY_MS = 15 * 60_000;

export async function deferOutreach(outreachId: string, body: string, delayMs: number, now: Date): Promise<'delayed' | 'scheduled'> {
  if (delayMs <= SQS_MAX_DELAY_MS) {
    const failed = await sendMessages(requireEnv('OUTREACH_QUEUE_URL'), [{ id: 'deferred', body, delaySeconds: Math.ceil(delayMs / 1000) }]);
    if (failed.size) throw new Error('could not re-queue deferred outreach');
    return 'delayed';
  }
  const at = new Date(Math.ceil((now.getTime() + delayMs) / 1000) * 1000);
  try {
    await scheduler.send(
      new CreateScheduleCommand({
        // Same outreach, same time → same name: a retried deferral finds its schedule already there.
        Name: `cx-outreach-${sha256(`${outreachId}@${at.toISOString()}`)}`,
        GroupName: process.env.SCHEDULER_GROUP || undefined,
        ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { Arn: requireEnv('OUTREACH_QUEUE_ARN'), RoleArn: requireEnv('SCHEDULER_ROLE_ARN'), Input: sqsSafeBody(body) },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConflictException)) throw err;
  }
  return 'scheduled';
}
