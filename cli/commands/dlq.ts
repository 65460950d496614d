/**
 * `cx-loop dlq list|redrive`: what is parked in the dead-letter queues and why, and moving it back.
 * Redrive receives from the DLQ, sends each body unchanged to the queue it came from, and deletes it
 * from the DLQ only once that send succeeded, so a crash midway duplicates at worst (which the
 * pipeline absorbs: events dedupe, outreach is claimed once), never loses a message.
 * Bodies carry customer data; listings show only what identifies the message, never the body.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { dlqOf, QUEUES } from '../../lib/pipeline-spec';
import { useBackend, type BackendOptions } from '../lib/backend';

export type QueueName = keyof typeof QUEUES;
const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

export interface DlqOptions extends BackendOptions {
  queue?: QueueName;
  json?: boolean;
}

export interface ParkedMessage {
  messageId: string;
  sentAt?: string;
  receives?: number;
  reason?: string;
  /** The feedback dedupe key or the outreach id: names the message without its customer data. */
  subject?: string;
}

export interface DlqListing {
  queue: QueueName;
  dlq: string;
  approximateCount: number;
  messages: ParkedMessage[];
}

/** Messages are peeked for this long, then made visible again. */
const PEEK_SECONDS = 10;

export async function listDlqs(options: DlqOptions & { limit: number }): Promise<DlqListing[]> {
  const { sqs, urls } = await connect(options);
  const listings: DlqListing[] = [];
  for (const queue of queuesOf(options)) {
    const dlqUrl = urls.dlq(queue);
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    const peeked = new Map<string, Message>();
    while (peeked.size < options.limit) {
      const res = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: Math.min(10, options.limit - peeked.size), VisibilityTimeout: PEEK_SECONDS, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'] }),
      );
      const fresh = (res.Messages ?? []).filter((m) => !peeked.has(m.MessageId!));
      if (fresh.length === 0) break;
      for (const m of fresh) peeked.set(m.MessageId!, m);
    }
    await release(sqs, dlqUrl, [...peeked.values()]);
    listings.push({
      queue,
      dlq: dlqOf(QUEUES[queue]).id,
      approximateCount: Number(attributes.Attributes?.ApproximateNumberOfMessages ?? peeked.size),
      messages: [...peeked.values()].map(describe),
    });
  }
  return listings;
}

export interface RedriveResult {
  queue: QueueName;
  moved: number;
  failed: number;
}

export async function redriveDlqs(options: DlqOptions & { max?: number }): Promise<RedriveResult[]> {
  const { sqs, urls } = await connect(options);
  const { sendMessages } = await import('#adapters/queue');
  const results: RedriveResult[] = [];
  for (const queue of queuesOf(options)) {
    const dlqUrl = urls.dlq(queue);
    const result: RedriveResult = { queue, moved: 0, failed: 0 };
    const stuck = new Set<string>();
    while (options.max === undefined || result.moved < options.max) {
      const res = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: Math.min(10, (options.max ?? Infinity) - result.moved), VisibilityTimeout: 60, MessageAttributeNames: ['All'] }),
      );
      const messages = (res.Messages ?? []).filter((m) => !stuck.has(m.MessageId!));
      if (messages.length === 0) break;
      const refused = await sendMessages(
        urls.source(queue),
        messages.map((m) => ({ id: m.MessageId!, body: m.Body ?? '', attributes: attributesToKeep(m) })),
      );
      const sent = messages.filter((m) => !refused.has(m.MessageId!));
      if (sent.length) {
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: sent.map((m) => ({ Id: m.MessageId!, ReceiptHandle: m.ReceiptHandle! })) }));
      }
      result.moved += sent.length;
      result.failed += refused.size;
      for (const id of refused) stuck.add(id);
      await release(sqs, dlqUrl, messages.filter((m) => refused.has(m.MessageId!)));
    }
    results.push(result);
  }
  return results;
}

async function connect(options: DlqOptions) {
  const resources = await useBackend(options);
  const { sqs } = await import('#clients/sqs');
  return {
    sqs,
    urls: {
      source: (queue: QueueName) => resources[QUEUES[queue].env]!,
      dlq: (queue: QueueName) => resources[dlqOf(QUEUES[queue]).env]!,
    },
  };
}

const queuesOf = (options: DlqOptions) => (options.queue ? [options.queue] : QUEUE_NAMES);

/** The parking `reason` belongs to the failed attempt; a message that fails again is parked with a new one. */
function attributesToKeep(message: Message): Record<string, string> | undefined {
  const kept = Object.entries(message.MessageAttributes ?? {}).flatMap(([k, v]) => (k !== 'reason' && v.StringValue !== undefined ? [[k, v.StringValue]] : []));
  return kept.length ? Object.fromEntries(kept) : undefined;
}

async function release(sqs: Awaited<ReturnType<typeof connect>>['sqs'], queueUrl: string, messages: Message[]) {
  for (let i = 0; i < messages.length; i += 10) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.slice(i, i + 10).map((m) => ({ Id: m.MessageId!, ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
      }),
    );
  }
}

function describe(message: Message): ParkedMessage {
  const sent = message.Attributes?.SentTimestamp;
  const receives = message.Attributes?.ApproximateReceiveCount;
  const reason = message.MessageAttributes?.reason?.StringValue;
  const subject = subjectOf(message.Body);
  return {
    messageId: message.MessageId!,
    ...(sent ? { sentAt: new Date(Number(sent)).toISOString() } : {}),
    ...(receives ? { receives: Number(receives) } : {}),
    ...(reason ? { reason } : {}),
    ...(subject ? { subject } : {}),
  };
}

function subjectOf(body: string | undefined): string | undefined {
  try {
    const parsed = JSON.parse(body ?? '') as { outreachId?: unknown; source?: unknown; sourceEventId?: unknown };
    if (typeof parsed.outreachId === 'string') return parsed.outreachId;
    if (typeof parsed.source === 'string' && typeof parsed.sourceEventId === 'string') return `${parsed.source}#${parsed.sourceEventId}`;
  } catch {
    // Not JSON: the reason attribute says why it was parked.
  }
  return undefined;
}

export function printDlqListing(listings: DlqListing[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(listings, null, 2));
    return;
  }
  for (const l of listings) {
    console.log(`${l.dlq}: ${l.approximateCount} message(s)`);
    for (const m of l.messages) {
      console.log(`  ${m.messageId}  ${m.sentAt ?? ''}  ${m.subject ?? '(unreadable body)'}  ${m.reason ? `reason: ${m.reason}` : '(no reason: exceeded max receives)'}`);
    }
  }
}

export function printRedrive(results: RedriveResult[], json: boolean): void {
  if (json) {
    console.log(JSON.stringify(results));
    return;
  }
  for (const r of results) {
    const spec = QUEUES[r.queue];
    console.log(`${dlqOf(spec).id} → ${spec.id}: moved ${r.moved}${r.failed ? `, ${r.failed} could not be sent (left in the DLQ)` : ''}`);
  }
}
