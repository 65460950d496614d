/** CloudWatch metrics (EMF) for case lifecycle events; the counters table gets the same events in the case's own transaction. */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CaseEvent, CaseRecord } from '#domain/cases/case';
import { metrics } from '#powertools';

export function countCaseEvents(events: CaseEvent[], c: Pick<CaseRecord, 'priority'>): void {
  for (const e of events) {
    if (e.kind === 'breached') metrics.addMetric(`CasePastDue_${c.priority}`, MetricUnit.Count, 1);
    if (e.kind === 'contacted') metrics.addMetric('CaseContacted', MetricUnit.Count, 1);
    if (e.kind === 'resolved') {
      metrics.addMetric('CaseResolved', MetricUnit.Count, 1);
      if (e.withinSla) metrics.addMetric('CaseResolvedWithinSla', MetricUnit.Count, 1);
    }
  }
}
