/**
 * CloudWatch (EMF) figures per stored batch, by dimension: responses per channel and comments per
 * sentiment label — what the CloudWatch dashboard stacks (lib/constructs/observability.ts).
 * One EMF line per value, so a batch of one channel costs one line.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { FeedbackRecord } from '#domain/feedback-record';
import { metrics } from '#powertools';

export function publishFeedbackMetrics(stored: ReadonlyArray<Pick<FeedbackRecord, 'channel' | 'sentiment'>>): void {
  const tally = (dimension: string, metricName: string, values: string[]) => {
    const counts = new Map<string, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    for (const [value, n] of counts) metrics.singleMetric().addDimension(dimension, value).addMetric(metricName, MetricUnit.Count, n);
  };
  tally('channel', 'Responses', stored.map((r) => r.channel));
  tally('label', 'Sentiment', stored.flatMap((r) => (r.sentiment ? [r.sentiment.label.toLowerCase()] : [])));
}
