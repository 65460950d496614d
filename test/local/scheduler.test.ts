/** The local EventBridge Scheduler, driven by the real @aws-sdk/client-scheduler, delivering into fauxqs. */
import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, GetScheduleCommand, ListSchedulesCommand, ResourceNotFoundException, SchedulerClient, ValidationException } from '@aws-sdk/client-scheduler';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScheduler, type LocalScheduler } from '../../local/servers/scheduler';
import { startSqs } from '../../local/servers/sqs';
import type { LocalServer } from '../../local/servers/ports';

const creds = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
let sqsServer: LocalServer;
let local: LocalScheduler;
let sqs: SQSClient;
let scheduler: SchedulerClient;
let queueUrl: string;
let queueArn: string;
const ROLE = 'arn:aws:iam::000000000000:role/scheduler';

beforeAll(async () => {
  sqsServer = await startSqs({ port: 0 });
  sqs = new SQSClient({ ...creds, endpoint: sqsServer.url });
  local = await startScheduler({ port: 0, sqsEndpoint: sqsServer.url });
  scheduler = new SchedulerClient({ ...creds, endpoint: local.url });
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'deferred' }))).QueueUrl!;
  queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
});

afterAll(async () => {
  await local?.stop();
  await sqsServer?.stop();
});

const atIn = (ms: number) => `at(${new Date(Date.now() + ms).toISOString().slice(0, 19)})`;
const create = (name: string, expression: string, input = `{"name":"${name}"}`) =>
  scheduler.send(
    new CreateScheduleCommand({
      Name: name,
      GroupName: 'cx-loop',
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: queueArn, RoleArn: ROLE, Input: input },
    }),
  );

describe('local EventBridge Scheduler', () => {
  it('delivers the target input to the queue at the time, then deletes the schedule', async () => {
    const { ScheduleArn } = await create('soon', atIn(1_000), '{"outreachId":"a"}');
    expect(ScheduleArn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule/cx-loop/soon');
    const got = await scheduler.send(new GetScheduleCommand({ Name: 'soon', GroupName: 'cx-loop' }));
    expect(got).toMatchObject({ Name: 'soon', GroupName: 'cx-loop', State: 'ENABLED', Target: { Arn: queueArn, Input: '{"outreachId":"a"}' } });

    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{"outreachId":"a"}']);
    await expect(scheduler.send(new GetScheduleCommand({ Name: 'soon', GroupName: 'cx-loop' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses a second schedule with the same name in the group (idempotent retries), and lists the group', async () => {
    await create('twice', atIn(3_600_000));
    await expect(create('twice', atIn(3_600_000))).rejects.toBeInstanceOf(ConflictException);
    const listed = await scheduler.send(new ListSchedulesCommand({ GroupName: 'cx-loop', NamePrefix: 'tw' }));
    expect(listed.Schedules).toEqual([expect.objectContaining({ Name: 'twice', GroupName: 'cx-loop', State: 'ENABLED', Target: { Arn: queueArn } })]);
    expect((await scheduler.send(new ListSchedulesCommand({ GroupName: 'other' }))).Schedules).toEqual([]);
    await scheduler.send(new DeleteScheduleCommand({ Name: 'twice', GroupName: 'cx-loop' }));
  });

  it('a deleted schedule never fires', async () => {
    // at() has whole seconds: 2.5 s ahead is at least 1.5 s away, long enough to delete it first.
    await create('cancelled', atIn(2_500), '{"cancelled":true}');
    await scheduler.send(new DeleteScheduleCommand({ Name: 'cancelled', GroupName: 'cx-loop' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 3 }));
    expect(received.Messages ?? []).toEqual([]);
    expect(local.pending().map((s) => s.Name)).not.toContain('cancelled');
  });

  it('answers ValidationException for what it does not serve (recurring schedules)', async () => {
    await expect(create('recurring', 'rate(5 minutes)')).rejects.toBeInstanceOf(ValidationException);
  });

  it('answers ResourceNotFoundException for an unknown schedule', async () => {
    await expect(scheduler.send(new DeleteScheduleCommand({ Name: 'nope', GroupName: 'cx-loop' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('fast-forwards: delivers now what is due by the given time, once, and leaves later schedules waiting', async () => {
    const week = 7 * 86_400_000;
    await create('in-a-week', atIn(week), '{"week":1}');
    await create('in-a-month', atIn(4 * week), '{"month":1}');
    expect(await local.fastForward(new Date(Date.now() + week + 60_000))).toBe(1);
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 5 }));
    expect(received.Messages?.map((m) => m.Body)).toEqual(['{"week":1}']);
    expect(local.pending().map((x) => x.Name)).toEqual(['in-a-month']);
    expect(await local.fastForward(new Date(Date.now() + week + 60_000))).toBe(0);
    await scheduler.send(new DeleteScheduleCommand({ Name: 'in-a-month', GroupName: 'cx-loop' }));
  });
});
