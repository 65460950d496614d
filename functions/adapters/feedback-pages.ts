/** Pages of stored feedback for one UTC day, newest first, through the feedback table's byDay index. */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#clients/dynamodb';
import type { Channel } from '#domain/feedback-event';
import { requireEnv } from '../env';
import type { StoredFeedback } from './feedback-store';

export type PageKey = Record<string, string>;

export interface FeedbackPage {
  items: StoredFeedback[];
  /** Where the next page of this day starts; undefined when the day is done. */
  nextKey?: PageKey;
}

/** `limit` caps the items read; with a channel filter a page may hold fewer (DynamoDB filters after the limit). */
export async function feedbackPage(day: string, options: { limit: number; channel?: Channel; startKey?: PageKey; oldestFirst?: boolean }): Promise<FeedbackPage> {
  const res = await documents.send(
    new QueryCommand({
      TableName: requireEnv('FEEDBACK_TABLE'),
      IndexName: 'byDay',
      KeyConditionExpression: '#d = :d',
      ...(options.channel ? { FilterExpression: '#c = :c' } : {}),
      ExpressionAttributeNames: { '#d': 'day', ...(options.channel ? { '#c': 'channel' } : {}) },
      ExpressionAttributeValues: { ':d': day, ...(options.channel ? { ':c': options.channel } : {}) },
      ScanIndexForward: options.oldestFirst ?? false,
      Limit: options.limit,
      ExclusiveStartKey: options.startKey,
    }),
  );
  return { items: (res.Items ?? []) as StoredFeedback[], ...(res.LastEvaluatedKey ? { nextKey: res.LastEvaluatedKey as PageKey } : {}) };
}
