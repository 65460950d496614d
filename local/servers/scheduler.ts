/**
 * EventBridge Scheduler, the part the handlers use: one-time `at(...)` schedules with an SQS target,
 * over Scheduler's REST-JSON protocol (CreateSchedule, GetSchedule, DeleteSchedule, ListSchedules). At the time, the
 * target's `Input` is sent to the queue named by the target ARN (resolved with GetQueueUrl), and a
 * schedule created with `ActionAfterCompletion: DELETE` removes itself, as in AWS.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalServer } from './ports';

interface Schedule {
  Name: string;
  GroupName: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: { Arn: string; RoleArn: string; Input?: string };
  ActionAfterCompletion?: string;
  State?: string;
  CreationDate: number;
}

export interface LocalScheduler extends LocalServer {
  /** Schedules not yet delivered (or kept after delivery), for tests and the log. */
  pending(): Schedule[];
  /**
   * Time travel for tests and the demo: delivers now every schedule due at or before `until`, as the
   * scheduler would have by then; returns how many. Later schedules keep waiting for their time.
   */
  fastForward(until: Date): Promise<number>;
}

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
/** setTimeout's ceiling (~24.8 days); later schedules re-arm until their time comes. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export async function startScheduler(options: { port?: number; sqsEndpoint: string; onError?: (err: unknown) => void }): Promise<LocalScheduler> {
  const sqs = new SQSClient({ region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, endpoint: options.sqsEndpoint });
  const schedules = new Map<string, Schedule>();
  const timers = new Map<string, NodeJS.Timeout>();
  const dueAt = new Map<string, number>();
  const id = (group: string, name: string) => `${group}/${name}`;

  const deliver = async (key: string) => {
    clearTimeout(timers.get(key));
    timers.delete(key);
    dueAt.delete(key);
    const schedule = schedules.get(key);
    if (!schedule) return;
    try {
      const [, , , , account, queueName] = schedule.Target.Arn.split(':');
      const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: account }));
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: schedule.Target.Input ?? '{}' }));
      if (schedule.ActionAfterCompletion === 'DELETE') schedules.delete(key);
      else schedule.State = 'DISABLED';
    } catch (err) {
      options.onError?.(err);
    }
  };

  const arm = (key: string, at: number) => {
    const wait = Math.max(0, at - Date.now());
    timers.set(key, setTimeout(() => (wait > MAX_TIMER_MS ? arm(key, at) : void deliver(key)), Math.min(wait, MAX_TIMER_MS)).unref());
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/schedules') {
      const group = url.searchParams.get('ScheduleGroup');
      const prefix = url.searchParams.get('NamePrefix') ?? '';
      const listed = [...schedules.values()].filter((x) => (!group || x.GroupName === group) && x.Name.startsWith(prefix));
      return reply(res, 200, {
        Schedules: listed.map((x) => ({ Arn: arnOf(x.GroupName, x.Name), Name: x.Name, GroupName: x.GroupName, State: x.State, CreationDate: x.CreationDate, Target: { Arn: x.Target.Arn } })),
      });
    }
    const match = /^\/schedules\/([^/]+)$/.exec(url.pathname);
    if (!match) return fail(res, 404, 'ResourceNotFoundException', `${req.method} ${url.pathname} is not served locally`);
    const name = decodeURIComponent(match[1]!);

    if (req.method === 'POST') {
      let input: Omit<Schedule, 'Name' | 'CreationDate'>;
      try {
        input = JSON.parse(body) as typeof input;
      } catch {
        return fail(res, 400, 'ValidationException', 'body is not JSON');
      }
      const group = input.GroupName || 'default';
      const key = id(group, name);
      if (schedules.has(key)) return fail(res, 409, 'ConflictException', `Schedule ${name} already exists.`);
      const at = parseAt(input.ScheduleExpression, input.ScheduleExpressionTimezone);
      if (at === undefined) return fail(res, 400, 'ValidationException', `Only one-time at(yyyy-mm-ddThh:mm:ss) schedules in UTC are served locally, not "${input.ScheduleExpression}".`);
      if (!input.Target?.Arn?.startsWith('arn:aws:sqs:') || !input.Target.RoleArn) return fail(res, 400, 'ValidationException', 'Target must be an SQS queue ARN with a RoleArn.');
      schedules.set(key, { ...input, Name: name, GroupName: group, State: input.State ?? 'ENABLED', CreationDate: Date.now() / 1000 });
      dueAt.set(key, at);
      arm(key, at);
      return reply(res, 200, { ScheduleArn: arnOf(group, name) });
    }

    const key = id(url.searchParams.get('groupName') || 'default', name);
    const schedule = schedules.get(key);
    if (!schedule) return fail(res, 404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
    if (req.method === 'GET') return reply(res, 200, { Arn: arnOf(schedule.GroupName, name), ...schedule });
    if (req.method === 'DELETE') {
      clearTimeout(timers.get(key));
      timers.delete(key);
      dueAt.delete(key);
      schedules.delete(key);
      return reply(res, 200, {});
    }
    return fail(res, 405, 'ValidationException', `${req.method} is not served locally`);
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pending: () => [...schedules.values()],
    fastForward: async (until) => {
      const due = [...dueAt].filter(([, at]) => at <= until.getTime()).map(([key]) => key);
      for (const key of due) await deliver(key);
      return due.length;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const t of timers.values()) clearTimeout(t);
        sqs.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Epoch ms of `at(yyyy-mm-ddThh:mm:ss)` in UTC; undefined for anything else. */
function parseAt(expression: string | undefined, timezone: string | undefined): number | undefined {
  const m = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression ?? '');
  if (!m || (timezone && timezone !== 'UTC')) return undefined;
  const ms = Date.parse(`${m[1]}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

const arnOf = (group: string, name: string) => `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/${group}/${name}`;

function reply(res: ServerResponse, status: number, payload: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function fail(res: ServerResponse, status: number, type: string, message: string) {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type });
  res.end(JSON.stringify({ Message: message }));
}
