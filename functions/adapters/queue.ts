/**
 * SQS sends: batched (10 per request, within SQS's batch payload limit) wherever a handler has
 * several messages at once. Every body is sent ASCII-safe (see `sqsSafeBody`).
 */
import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from '#clients/sqs';
import { logger } from '#powertools';

export interface OutgoingMessage {
  /** Unique within the batch; reported back when that entry fails. */
  id: string;
  body: string;
  delaySeconds?: number;
  attributes?: Record<string, string>;
}

const SQS_BATCH = 10;
/** SendMessageBatch refuses a batch whose bodies add up to more than this (the classic limit, which every queue accepts). */
const SQS_BATCH_BYTES = 256 * 1024;

/**
 * A JSON body with every character above U+007E written as a \uXXXX escape (astral characters
 * as their surrogate pair). Customers type emoji and 𝓖; real SQS accepts them, but SQS also refuses
 * U+FFFE/U+FFFF and the local SQS server refuses everything above U+FFFF — and a refused send is a
 * 500 to the vendor. Escaped, the body is plain ASCII that every SQS accepts, and `JSON.parse` on the
 * receiving side gives back exactly the same string, so no consumer changes. Only JSON is rewritten
 * (non-ASCII appears in JSON only inside strings, where an escape means the same character); any
 * other body — a foreign message being parked or redriven — is passed through as it came.
 */
export function sqsSafeBody(body: string): string {
  if (!NON_ASCII.test(body)) return body;
  try {
    JSON.parse(body);
  } catch {
    return body;
  }
  return body.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const NON_ASCII = /[\u007f-\uffff]/;
const NON_ASCII_ALL = /[\u007f-\uffff]/g;

/** Sends every message; returns the ids of those SQS refused so callers can fail just those. */
export async function sendMessages(queueUrl: string, messages: OutgoingMessage[]): Promise<Set<string>> {
  const failed = new Set<string>();
  const chunks = batches(messages.map((m) => ({ ...m, body: sqsSafeBody(m.body) })));
  await Promise.all(
    chunks.map(async (entries) => {
      try {
        const out = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: entries.map((m) => ({
              Id: m.id,
              MessageBody: m.body,
              DelaySeconds: m.delaySeconds,
              MessageAttributes: toAttributes(m.attributes),
            })),
          }),
        );
        for (const f of out.Failed ?? []) if (f.Id) failed.add(f.Id);
      } catch (err) {
        logger.warn('SendMessageBatch failed', { error: err as Error, entries: entries.length });
        for (const m of entries) failed.add(m.id);
      }
    }),
  );
  return failed;
}

export async function sendMessage(queueUrl: string, body: string, attributes?: Record<string, string>): Promise<string | undefined> {
  const out = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: sqsSafeBody(body), MessageAttributes: toAttributes(attributes) }));
  return out.MessageId;
}

/** Parks a message that can never succeed in the DLQ with the reason attached, instead of burning retries. */
export async function parkInDlq(dlqUrl: string, body: string, reason: string): Promise<void> {
  await sendMessage(dlqUrl, body, { reason: reason.slice(0, 1000) });
}

function toAttributes(attributes?: Record<string, string>) {
  if (!attributes) return undefined;
  return Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]));
}

/** Up to 10 messages per batch, and no more bytes (bodies and attributes) than one batch may carry. */
function batches(messages: OutgoingMessage[]): OutgoingMessage[][] {
  const out: OutgoingMessage[][] = [];
  let current: OutgoingMessage[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = Buffer.byteLength(m.body) + Object.entries(m.attributes ?? {}).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 'String'.length, 0);
    if (current.length === SQS_BATCH || (current.length > 0 && bytes + size > SQS_BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
