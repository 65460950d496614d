/**
 * The CloudWatch dashboard and the customer-mood and SES-reputation alarms, in the synthesized
 * stack (cdk-nag on): each alarm notifies the alarm topic with its configured threshold, and the
 * dashboard carries every widget a CX or on-call person looks for.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../../functions/settings';
import { buildApp } from '../../lib/app';
import { SES_BOUNCE_RATE_REVIEW, SES_COMPLAINT_RATE_REVIEW } from '../../lib/constructs/observability';
import { ROUTES, SCHEDULES } from '../../lib/pipeline-spec';

let template: Template;
let stack: ReturnType<typeof buildApp>['stack'];

beforeAll(() => {
  const built = buildApp();
  stack = built.stack;
  built.app.synth(); // throws on any unacknowledged cdk-nag finding
  template = Template.fromStack(stack);
}, 240_000);

const alarmTopicRef = () => ({ Ref: Object.keys(template.findResources('AWS::SNS::Topic', { Properties: { DisplayName: 'cx-loop alarms' } }))[0] });

describe('observability', () => {
  it('alarms when the 7-day NPS drops by more than the configured delta', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CxLoop',
      MetricName: 'Nps7dChange',
      Threshold: -settings.metrics.alarms.npsDropPoints,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [alarmTopicRef()],
    });
  });

  it('alarms on a detractor-share spike', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'DetractorSpikePoints',
      Threshold: settings.metrics.alarms.detractorSpikePoints,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [alarmTopicRef()],
    });
  });

  it('alarms at SES’s review thresholds for bounces (5%) and complaints (0.1%)', () => {
    expect([SES_BOUNCE_RATE_REVIEW, SES_COMPLAINT_RATE_REVIEW]).toEqual([0.05, 0.001]);
    for (const [metric, threshold] of [['Reputation.BounceRate', 0.05], ['Reputation.ComplaintRate', 0.001]] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SES',
        MetricName: metric,
        Threshold: threshold,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [alarmTopicRef()],
      });
    }
  });

  it('alarms as soon as the analyze step leaves a text unanalyzed for the monthly Comprehend budget', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CxLoop',
      MetricName: 'ComprehendBudgetExceeded',
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [alarmTopicRef()],
    });
  });

  it('keeps the DLQ and handler-error alarms on the same topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const topic = JSON.stringify(alarmTopicRef());
    for (const name of ['ApproximateNumberOfMessagesVisible', 'Errors']) {
      const matching = alarms.filter((a) => a.Properties.MetricName === name);
      expect(matching.length).toBeGreaterThan(0);
      for (const a of matching) expect(JSON.stringify(a.Properties.AlarmActions)).toContain(topic);
    }
  });

  it('has one dashboard with NPS trend, responses by channel, sentiment, outreach, DLQ depth, errors and ack latency', () => {
    const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
    expect(Object.keys(dashboards)).toHaveLength(1);
    const body = JSON.stringify(Object.values(dashboards)[0]!.Properties.DashboardBody);
    for (const title of ['NPS trend', 'Responses by channel', 'Sentiment mix', 'Outreach by kind', 'DLQ depth', 'Handler errors', 'ack latency', 'SES reputation']) {
      expect(body).toContain(title);
    }
    for (const metric of ['Nps7d', 'Responses', 'Sentiment', 'Outreach_recovery_sent', 'ApproximateNumberOfMessagesVisible', 'Latency']) expect(body).toContain(metric);
  });
});

describe('read routes and rollup schedules', () => {
  it('puts every `auth: iam` route behind the IAM authorizer, and leaves webhooks to their signatures', () => {
    for (const route of ROUTES) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.auth === 'iam' ? 'AWS_IAM' : 'NONE',
      });
    }
    expect(ROUTES.filter((r) => r.auth === 'iam').map((r) => r.path)).toEqual(expect.arrayContaining(['/metrics', '/feedback', '/dashboard']));
  });

  it('runs the rollup hourly for today and daily for yesterday', () => {
    for (const schedule of SCHEDULES) {
      const input = schedule.input ? JSON.stringify(schedule.input) : Match.absent();
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: schedule.everyMinutes === 60 ? 'rate(1 hour)' : schedule.everyMinutes === 1440 ? 'rate(1 day)' : `rate(${schedule.everyMinutes} minutes)`,
        Targets: [Match.objectLike({ Input: input })],
      });
    }
  });

  it('lets the api function read the metrics and feedback tables, and write nothing', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const apiPolicy = Object.entries(policies).find(([id]) => id.startsWith('ApiFunction'))![1];
    const actions = (apiPolicy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem']));
    expect(actions.filter((a) => /dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
  });
});
