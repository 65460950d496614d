import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { PRIORITIES } from '../../functions/domain/cases/settings';

export interface CasesResourcesProps {
  /** Functions with `connectorSecrets` in the access table. */
  connectorReaders: lambda.Function[];
  /** EventBridge Scheduler's role: case reminders go back onto the case-events queue. */
  schedulerRole: iam.IRole;
  caseEventsQueue: sqs.IQueue;
  alarmTopic: sns.ITopic;
  dashboard?: cloudwatch.Dashboard;
}

/**
 * What people-in-the-loop adds beside the spec-driven tables, queues and functions: the connector
 * credentials secret, the scheduler's right to deliver reminders, the "P1 past due" alarm and a
 * dashboard row for the case funnel.
 */
export class CasesResources extends Construct {
  readonly connectorSecret: secretsmanager.Secret;
  readonly p1PastDue: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: CasesResourcesProps) {
    super(scope, id);
    this.connectorSecret = new secretsmanager.Secret(this, 'ConnectorCredentials', {
      description:
        'cx-loop chat and helpdesk credentials: {"slack": {"webhookUrl"} | {"token","channel"}, "teams": {"webhookUrl"}, "zendesk": {"baseUrl","email","apiToken","webhookSecret"}, "jira": {"baseUrl","email","apiToken","projectKey","issueType","webhookSecret"}}',
      secretObjectValue: {},
    });
    Validations.of(this.connectorSecret).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason: 'Webhook URLs and API tokens are issued and rotated in Slack, Teams, Zendesk and Jira, then pasted here.',
    });
    for (const fn of props.connectorReaders) {
      this.connectorSecret.grantRead(fn);
      fn.addEnvironment('CONNECTOR_SECRET_ID', this.connectorSecret.secretArn);
    }
    props.caseEventsQueue.grantSendMessages(props.schedulerRole);

    const metric = (metricName: string, label?: string) =>
      new cloudwatch.Metric({ namespace: 'CxLoop', metricName, dimensionsMap: { service: 'cx-loop' }, statistic: 'Sum', period: Duration.minutes(5), ...(label ? { label } : {}) });
    this.p1PastDue = new cloudwatch.Alarm(this, 'P1CasePastDue', {
      alarmDescription: 'A P1 case passed its due time without being resolved: its owner and the team lead were told; see GET /cases?priority=P1&status=open.',
      metric: metric('CasePastDue_P1'),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.p1PastDue.addAlarmAction(new actions.SnsAction(props.alarmTopic));

    props.dashboard?.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Cases: opened → contacted → resolved',
        left: ['CaseOpened', 'CaseContacted', 'CaseResolved', 'CaseResolvedWithinSla'].map((m) => metric(m, m.replace(/^Case/, ''))),
        width: 12,
        height: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Cases past due (SLA breaches) by priority',
        left: PRIORITIES.map((p) => metric(`CasePastDue_${p}`, p)),
        width: 12,
        height: 6,
      }),
    );
  }
}
