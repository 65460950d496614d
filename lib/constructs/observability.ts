import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHANNELS } from '../../functions/domain/feedback-event';
import { OUTREACH_KINDS } from '../../functions/domain/figures';
import type { MetricsSettings } from '../../functions/domain/metrics-settings';

export interface ObservabilityProps {
  alarmTopic: sns.ITopic;
  api: apigw.IHttpApi;
  functions: Record<string, lambda.IFunction>;
  dlqs: Record<string, sqs.IQueue>;
  /** Thresholds from cx-loop.config.json `metrics.alarms`. */
  thresholds: MetricsSettings['alarms'];
}

/** The namespace and service dimension Powertools Metrics publishes under (functions/powertools.ts). */
const NAMESPACE = 'CxLoop';
const SERVICE = { service: 'cx-loop' };
const SENTIMENTS = ['positive', 'neutral', 'mixed', 'negative'] as const;
const OUTCOMES = ['sent', 'deferred', 'suppressed', 'cooldown', 'failed'] as const;

/**
 * SES puts an account under review at a 5% bounce rate or a 0.1% complaint rate (and may pause
 * sending at 10% / 0.5%): alarm as soon as either review threshold is reached.
 * https://docs.aws.amazon.com/ses/latest/dg/reputationdashboard-cloudwatch-alarm.html
 */
export const SES_BOUNCE_RATE_REVIEW = 0.05;
export const SES_COMPLAINT_RATE_REVIEW = 0.001;

/**
 * How customers feel and how the pipeline runs, on one CloudWatch dashboard, with the customer-mood
 * and email-reputation alarms (to the alarm topic). Pipeline alarms (DLQ not empty, handler errors)
 * stay with the resources they watch in the stack.
 */
export class Observability extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const hourly = Duration.hours(1);
    const cx = (metricName: string, statistic: string, dimensionsMap: Record<string, string> = SERVICE, label?: string) =>
      new cloudwatch.Metric({ namespace: NAMESPACE, metricName, dimensionsMap, statistic, period: hourly, ...(label ? { label } : {}) });
    // Alarms watch these plain metrics (a label would turn them into metric math); graphs add labels.
    const nps7d = cx('Nps7d', 'Average', SERVICE, 'NPS, last 7 days');
    const nps7dChange = cx('Nps7dChange', 'Minimum');
    const detractorSpike = cx('DetractorSpikePoints', 'Maximum');
    const ses = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: hourly });
    const bounceRate = ses('Reputation.BounceRate');
    const complaintRate = ses('Reputation.ComplaintRate');

    const notify = new actions.SnsAction(props.alarmTopic);
    const alarm = (alarmId: string, description: string, metric: cloudwatch.IMetric, threshold: number, comparisonOperator: cloudwatch.ComparisonOperator) => {
      const a = new cloudwatch.Alarm(this, alarmId, {
        alarmDescription: description,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods: 1,
        // No data means too few responses to judge (the rollup publishes nothing then), or no email sent.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(notify);
      return a;
    };
    const { npsDropPoints, detractorSpikePoints } = props.thresholds;
    this.alarms = [
      alarm('NpsDrop', `The 7-day NPS fell more than ${npsDropPoints} points below the 7 days before: read the latest detractor comments.`,
        nps7dChange, -npsDropPoints, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD),
      alarm('DetractorSpike', `Today's detractor share is more than ${detractorSpikePoints} points above its 30-day baseline.`,
        detractorSpike, detractorSpikePoints, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD),
      alarm('SesBounceRate', 'SES bounce rate reached 5%, where SES reviews the account: check the addresses the sources send.',
        bounceRate, SES_BOUNCE_RATE_REVIEW, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD),
      // analyze emits ComprehendBudgetExceeded for every text it leaves unanalyzed once budget.comprehendMonthlyUsd is spent.
      alarm('ComprehendBudget', 'The monthly Comprehend budget (budget.comprehendMonthlyUsd) is spent: comments are decided on their scores alone until the month ends or the budget is raised.',
        cx('ComprehendBudgetExceeded', 'Sum'), 1, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD),
      alarm('SesComplaintRate', 'SES complaint rate reached 0.1%, where SES reviews the account: check consent and email frequency.',
        complaintRate, SES_COMPLAINT_RATE_REVIEW, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD),
    ];

    const graph = (title: string, left: cloudwatch.IMetric[], options: Partial<cloudwatch.GraphWidgetProps> = {}) =>
      new cloudwatch.GraphWidget({ title, left, width: 12, height: 6, ...options });
    const fiveMinutes = Duration.minutes(5);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(14),
      widgets: [
        [
          graph('NPS trend (7-day rolling)', [nps7d], {
            right: [nps7dChange.with({ label: 'vs the 7 days before' })],
            leftYAxis: { min: -100, max: 100 },
            leftAnnotations: [{ value: 0, color: '#94a3b8' }],
          }),
          graph('Responses by channel', CHANNELS.map((c) => cx('Responses', 'Sum', { ...SERVICE, channel: c }, c)), { stacked: true }),
        ],
        [
          graph('Sentiment mix', SENTIMENTS.map((s) => cx('Sentiment', 'Sum', { ...SERVICE, label: s }, s)), { stacked: true }),
          graph('Outreach by kind', OUTREACH_KINDS.flatMap((k) => OUTCOMES.map((o) => cx(`Outreach_${k}_${o}`, 'Sum', SERVICE, `${k} ${o}`)))),
        ],
        [
          graph('DLQ depth', Object.entries(props.dlqs).map(([name, q]) => q.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum', label: name })), {
            width: 8,
          }),
          graph('Handler errors', Object.entries(props.functions).map(([name, fn]) => fn.metricErrors({ period: fiveMinutes, statistic: 'Sum', label: name })), { width: 8 }),
          graph('Webhook ack latency (API Gateway)', ['p50', 'p90', 'p99'].map((p) => props.api.metricLatency({ period: fiveMinutes, statistic: p, label: p })), { width: 8 }),
        ],
        [
          graph('Detractor spike (points above 30-day baseline)', [detractorSpike.with({ label: 'today' })], { leftAnnotations: [{ value: detractorSpikePoints, color: '#dc2626', label: 'alarm' }] }),
          graph('SES reputation', [bounceRate.with({ label: 'Bounce rate' }), complaintRate.with({ label: 'Complaint rate' })], {
            leftAnnotations: [
              { value: SES_BOUNCE_RATE_REVIEW, color: '#dc2626', label: 'bounce review' },
              { value: SES_COMPLAINT_RATE_REVIEW, color: '#f97316', label: 'complaint review' },
            ],
          }),
        ],
        [new cloudwatch.AlarmStatusWidget({ title: 'Customer and email alarms', alarms: this.alarms, width: 24, height: 3 })],
      ],
    });
  }
}
