/**
 * Case reminders: at the due time, and at the lead threshold, a message goes back onto the
 * case-events queue. Beyond SQS's 15-minute delay that is an EventBridge Scheduler one-time
 * schedule (same group and role as deferred outreach) named after the case, so a retry finds its
 * schedule already there; the handler checks the case's state when the reminder arrives.
 */
import { ConflictException, CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { scheduler } from '#clients/scheduler';
import { requireEnv } from '../env';
import { SQS_MAX_DELAY_MS } from './deferral';
import { sendMessages } from './queue';

export async function scheduleCaseReminder(caseId: string, type: 'due' | 'lead', at: Date, now: Date): Promise<void> {
  const body = JSON.stringify({ type, caseId });
  const delayMs = at.getTime() - now.getTime();
  if (delayMs <= SQS_MAX_DELAY_MS) {
    const failed = await sendMessages(requireEnv('CASE_EVENTS_QUEUE_URL'), [{ id: type, body, delaySeconds: Math.max(0, Math.ceil(delayMs / 1000)) }]);
    if (failed.size) throw new Error('could not queue the case reminder');
    return;
  }
  const when = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  try {
    await scheduler.send(
      new CreateScheduleCommand({
        Name: `cx-case-${type}-${caseId}`,
        GroupName: process.env.SCHEDULER_GROUP || undefined,
        ScheduleExpression: `at(${when.toISOString().slice(0, 19)})`,
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { Arn: requireEnv('CASE_EVENTS_QUEUE_ARN'), RoleArn: requireEnv('SCHEDULER_ROLE_ARN'), Input: body },
      }),
    );
  } catch (err) {
    if (!(err instanceof ConflictException)) throw err;
  }
}
