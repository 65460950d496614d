/**
 * Logs never carry a customer's raw email, name or comment. The whole local pipeline runs at
 * DEBUG with EMF metrics on, every byte written to stdout/stderr is captured while canary
 * customers go through ingest → analyze → notify (accepted, duplicated, refused, poisoned), and
 * the capture is searched for the canaries. Keys and logs carry the customerKey hash instead.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerHashKey } from '../../functions/adapters/customer-hash-key';
import { customerKeyOf } from '../../functions/domain/outreach';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually } from '../support/eventually';

const CANARY = {
  email: 'Zq.Canary-7731@Example.com',
  name: 'Quillon Canaryname',
  comment: 'xylophone-4412: the checkout froze and ate my order',
  id: 'cus_canary_5520',
};
/** What must never appear, in any case: the address (and its local part), the name, the comment, the customer id. */
const NEEDLES = ['zq.canary-7731', 'canaryname', 'xylophone-4412', 'cus_canary_5520'];

const captured: string[] = [];
const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
let runtime: LocalRuntime;
let sqs: SQSClient;

function capture(stream: NodeJS.WriteStream, original: typeof process.stdout.write) {
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stream.write;
}

beforeAll(async () => {
  // The most verbose settings a deployment could run with; both are read when the handlers load.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  capture(process.stdout, originals.out);
  capture(process.stderr, originals.err);
  runtime = await startLocalRuntime({ port: 0, onEscalation: () => undefined });
  sqs = new SQSClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.sqs });
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  sqs?.destroy();
  process.stdout.write = originals.out;
  process.stderr.write = originals.err;
});

describe('logs', () => {
  it('carry no raw email, name, comment or customer id through ingest, analyze and notify', async () => {
    const secret = runtime.webhookSecrets.generic![0]!;
    const customer = { email: CANARY.email, name: CANARY.name, id: CANARY.id };
    const unhappy = { sourceEventId: 'pii-unhappy', customer, metric: { type: 'nps', score: 1 }, text: `Terrible. ${CANARY.comment}` };
    const happy = { sourceEventId: 'pii-happy', customer: { ...customer, email: `happy.${CANARY.email}` }, metric: { type: 'nps', score: 10 }, text: `Lovely, ${CANARY.comment}` };

    const accepted = await Promise.all([postGeneric(runtime.apiUrl, secret, unhappy), postGeneric(runtime.apiUrl, secret, happy)]);
    expect(accepted.map((r) => r.status)).toEqual([202, 202]);
    expect((await postGeneric(runtime.apiUrl, secret, unhappy)).status).toBe(202);
    // Refused at the edge: the detail and the log name the failing field, never its value.
    for (const bad of [
      { ...unhappy, customer: { ...customer, email: `${CANARY.email}\r\nBcc: x@evil.test` } },
      { ...unhappy, customer: { ...customer, name: `${CANARY.name}\r\n` } },
      { ...unhappy, text: `${CANARY.comment}\u0000` },
      { ...unhappy, metric: { type: 'nps', score: 42 } },
    ]) {
      const res = await postGeneric(runtime.apiUrl, secret, bad);
      expect(res.status).toBe(400);
      for (const needle of NEEDLES) expect(res.body.toLowerCase()).not.toContain(needle);
    }
    // Poison on both queues: parked with a reason, which is logged.
    const { feedback, outreach } = runtime.resources.queueUrls;
    await sqs.send(new SendMessageCommand({ QueueUrl: feedback.url, MessageBody: JSON.stringify({ ...unhappy, id: 'not-a-uuid' }) }));
    await sqs.send(new SendMessageCommand({ QueueUrl: outreach.url, MessageBody: JSON.stringify({ outreachId: 'x', customer: { email: `${CANARY.email}\r\n`, name: CANARY.name }, quote: CANARY.comment }) }));

    const emails = await eventually(() => sesInbox(runtime.sesStoreUrl), (e) => e.length >= 2);
    expect(emails.map((e) => e.destination.to[0]!.toLowerCase()).sort()).toEqual([`happy.${CANARY.email}`, CANARY.email].map((e) => e.toLowerCase()).sort());
    await eventually(() => Promise.resolve(captured.join('')), (logs) => (logs.match(/parked/g) ?? []).length >= 2);

    const logs = captured.join('');
    // The capture really holds the pipeline's structured logs, keyed by the hash instead.
    expect(logs).toMatch(/"message":"webhook accepted"/);
    expect(logs).toMatch(/"message":"batch analyzed"/);
    expect(logs).toMatch(/"message":"request rejected"/);
    expect((logs.match(/parked/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(customerKeyOf({ email: CANARY.email }, await customerHashKey())).toMatch(/^e:[0-9a-f]{32}$/);
    const lower = logs.toLowerCase();
    for (const needle of NEEDLES) {
      const at = lower.indexOf(needle);
      expect(at, `"${needle}" logged: …${logs.slice(Math.max(0, at - 300), at + 100)}…`).toBe(-1);
    }
  }, 60_000);
});
