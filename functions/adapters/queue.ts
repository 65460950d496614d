/** SQS sends: batched (10 per request) wherever a handler has several messages at once. */
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

/** Sends every message; returns the ids of those SQS refused so callers can fail just those. */
export async function sendMessages(queueUrl: string, messages: OutgoingMessage[]): Promise<Set<string>> {
  const failed = new Set<string>();
  const chunks = chunk(messages, SQS_BATCH);
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
  const out = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, MessageAttributes: toAttributes(attributes) }));
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

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
