import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';

/**
 * The event the SQS event source hands a handler, for tests that invoke handlers directly: one record
 * per body, received `receiveCount` times (the redrive policy and the connectors' "last attempt" read it).
 */
export function sqsEvent(bodies: unknown[], { receiveCount = 1, queue = 'FeedbackQueue' }: { receiveCount?: number; queue?: string } = {}): SQSEvent {
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: 'r',
      body: JSON.stringify(body),
      attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(Date.now()), SenderId: 'x', ApproximateFirstReceiveTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:cx-loop-${queue}`,
      awsRegion: 'us-east-1',
    })),
  };
}
