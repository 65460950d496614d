/**
 * Lambda's SQS event source mapping, locally: long-polls a queue, invokes the handler with batches,
 * deletes only the records the handler did not report as failed, and leaves failures to reappear
 * after the visibility timeout — so the queue's own redrive policy moves poison messages to the DLQ.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface EventSourceOptions {
  queueUrl: string;
  batchSize: number;
  /** Parallel pollers, like the several concurrent batches Lambda runs. */
  concurrency: number;
  context: () => Context;
  onError?: (err: unknown) => void;
}

export class SqsEventSource {
  private running = false;
  private readonly loops: Promise<void>[] = [];
  private readonly abort = new AbortController();

  constructor(
    private readonly sqs: SQSClient,
    private readonly handler: SqsHandler,
    private readonly options: EventSourceOptions,
  ) {}

  start(): void {
    this.running = true;
    for (let i = 0; i < this.options.concurrency; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    await Promise.allSettled(this.loops);
    await Promise.allSettled(this.deletes);
  }

  /** Deletes still under way (awaited by stop()). */
  private readonly deletes = new Set<Promise<void>>();

  private async loop(): Promise<void> {
    while (this.running) {
      let messages: Message[] = [];
      try {
        const out = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.options.queueUrl,
            MaxNumberOfMessages: this.options.batchSize,
            WaitTimeSeconds: 2,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: this.abort.signal },
        );
        messages = out.Messages ?? [];
      } catch (err) {
        if (!this.running) return;
        this.options.onError?.(err);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length > 0) await this.invoke(messages);
    }
  }

  private async invoke(messages: Message[]): Promise<void> {
    const records = messages.map((m) => toRecord(m, this.options.queueUrl));
    let failed: Set<string>;
    try {
      const response = await this.handler({ Records: records }, this.options.context());
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      // A thrown handler fails the whole batch, as on Lambda.
      this.options.onError?.(err);
      return;
    }
    const done = messages.filter((m) => !failed.has(m.MessageId!));
    if (done.length === 0) return;
    // Not awaited: the poller already waits for its next batch while the handled one is deleted (as
    // Lambda's pollers do), one round trip less between batches. Until the delete lands the messages
    // stay invisible (the visibility timeout); stop() waits for deletes under way.
    const deleting = this.delete(done).finally(() => this.deletes.delete(deleting));
    this.deletes.add(deleting);
  }

  private async delete(done: Message[]): Promise<void> {
    try {
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.options.queueUrl,
          Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    } catch (err) {
      // Undeleted messages come back: handlers are idempotent, so that costs only a repeat.
      this.options.onError?.(err);
    }
  }
}

function toRecord(m: Message, queueUrl: string): SQSRecord {
  const name = queueUrl.split('/').pop() ?? 'queue';
  const a = m.Attributes ?? {};
  return {
    messageId: m.MessageId!,
    receiptHandle: m.ReceiptHandle!,
    body: m.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(m.MessageAttributes ?? {}).map(([k, v]) => [k, { dataType: v.DataType ?? 'String', stringValue: v.StringValue, binaryValue: undefined, stringListValues: [], binaryListValues: [] }]),
    ),
    md5OfBody: m.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${name}`,
    awsRegion: 'us-east-1',
  };
}
