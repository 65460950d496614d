/** Shared by SQS handlers: partial batch failure bookkeeping and safe body parsing. */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { logger } from '#powertools';

export class BatchFailures {
  private readonly failed = new Map<string, string>();
  private readonly followers = new Map<string, string[]>();

  add(record: SQSRecord, reason: string) {
    this.addId(record.messageId, reason);
  }

  addId(messageId: string, reason: string) {
    this.failed.set(messageId, reason);
    for (const f of this.followers.get(messageId) ?? []) this.failed.set(f, `same event as ${messageId}: ${reason}`);
  }

  /** `record` succeeds or fails with `leader`. */
  follow(record: SQSRecord, leader: SQSRecord) {
    this.followers.set(leader.messageId, [...(this.followers.get(leader.messageId) ?? []), record.messageId]);
    const reason = this.failed.get(leader.messageId);
    if (reason) this.failed.set(record.messageId, reason);
  }

  get size() {
    return this.failed.size;
  }

  response(): SQSBatchResponse {
    if (this.failed.size > 0) logger.warn('batch items failed', { failures: Object.fromEntries(this.failed) });
    return { batchItemFailures: [...this.failed.keys()].map((itemIdentifier) => ({ itemIdentifier })) };
  }
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseRecordBody<S extends z.ZodType>(record: SQSRecord, schema: S): Parsed<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, reason: `schema: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 500)}` };
}

/**
 * Powertools' partial-batch processing with a processor of this invocation's own. A BatchProcessor
 * keeps the batch it is working on in its fields, so one shared at module level is only safe while
 * a container runs one invocation at a time — true in Lambda, not in the local runtime, where a
 * queue's pollers invoke the same module concurrently: there the second batch replaced the first
 * one's records, the first invocation answered "all succeeded" for records it never processed, and
 * their messages were deleted (the soak found escalations that never became cases this way).
 */
export function processEachRecord(event: SQSEvent, handler: (record: SQSRecord) => Promise<unknown>): Promise<SQSBatchResponse> {
  return processPartialResponse(event, handler, new BatchProcessor(EventType.SQS));
}
