/**
 * Partial-batch processing when one module serves several invocations at once (the local runtime's
 * pollers do; Lambda does not): every record of every batch is processed, each answered for its own.
 */
import { describe, expect, it } from 'vitest';
import type { SQSRecord } from 'aws-lambda';
import { processEachRecord } from '../../functions/handlers/sqs-batch';
import { sqsEvent } from '../support/sqs-event';

describe('processEachRecord', () => {
  it('processes every record of concurrent invocations once, and fails only the records that failed', async () => {
    const seen: string[] = [];
    const handle = async (record: SQSRecord) => {
      const body = JSON.parse(record.body) as { n: string };
      // Interleave the invocations, as concurrent batches do.
      await new Promise((r) => setTimeout(r, body.n.endsWith('1') ? 30 : 5));
      seen.push(body.n);
      if (body.n === 'b2') throw new Error('b2 fails');
    };
    const a = sqsEvent([{ n: 'a1' }, { n: 'a2' }, { n: 'a3' }]);
    const b = sqsEvent([{ n: 'b1' }, { n: 'b2' }]);
    const [ra, rb] = await Promise.all([processEachRecord(a, handle), processEachRecord(b, handle)]);
    expect(seen.sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    expect(ra.batchItemFailures).toEqual([]);
    expect(rb.batchItemFailures).toEqual([{ itemIdentifier: b.Records[1]!.messageId }]);
  });
});
