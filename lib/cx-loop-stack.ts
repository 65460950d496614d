import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { settings } from '../functions/settings';
import { CasesResources } from './constructs/cases';
import { HandlerFunction } from './constructs/handler-function';
import { Observability } from './constructs/observability';
import { QueueWithDlq } from './constructs/queue-with-dlq';
import { ACCESS, dlqOf, EVENT_SOURCES, FUNCTIONS, outputIdOf, QUEUES, ROUTES, SCHEDULES, TABLES, TOPICS, type QueueSpec, type TableSpec } from './pipeline-spec';

export interface CxLoopStackProps extends StackProps {
  /** Verified SES identity (domain or address) the emails are sent from. */
  senderIdentity: string;
}

type FunctionName = keyof typeof FUNCTIONS;

/** The whole pipeline: webhook API, queues with DLQs, tables, handlers, schedule, alarms. */
export class CxLoopStack extends Stack {
  readonly functions: Record<FunctionName, HandlerFunction>;

  constructor(scope: Construct, id: string, props: CxLoopStackProps) {
    super(scope, id, props);

    const tables = mapValues(TABLES, (spec) => this.table(spec));
    const queues = mapValues(QUEUES, (spec) => new QueueWithDlq(this, spec));

    const webhookSecrets = new secretsmanager.Secret(this, 'WebhookSecrets', {
      description: 'cx-loop webhook signing secrets: {"<source>": ["whsec_current", "whsec_previous"]}',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'placeholder' },
    });
    acknowledge(webhookSecrets, 'AwsSolutions-SMG4',
      'Webhook signing secrets are issued by each vendor and rotated in the vendor UI; the value holds a list per source so old and new stay valid during a rotation.');

    const vendorApiSecret = new secretsmanager.Secret(this, 'VendorApiCredentials', {
      description: 'cx-loop tokens for thin-payload vendors: {"<vendor>": {"token": "…", "baseUrl": "…"}}',
      secretObjectValue: {},
    });
    acknowledge(vendorApiSecret, 'AwsSolutions-SMG4', 'Vendor API tokens are issued and rotated in each vendor\'s admin UI, then pasted here.');

    const unsubscribeKey = new secretsmanager.Secret(this, 'UnsubscribeKey', {
      description: 'cx-loop HMAC key for signed unsubscribe links: {"current": "…", "previous": "…"} (previous stays valid during a rotation)',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'current', passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(unsubscribeKey, 'AwsSolutions-SMG4',
      'Rotating the key would invalidate the unsubscribe links in every email already sent; rotate by hand, moving the old key to "previous".');

    const customerHashKey = new secretsmanager.Secret(this, 'CustomerHashKey', {
      description: 'cx-loop HMAC key behind customer keys (keyed hashes of emails and ids) and feedback-page cursors: {"key": "…"}',
      generateSecretString: { secretStringTemplate: '{}', generateStringKey: 'key', passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(customerHashKey, 'AwsSolutions-SMG4',
      'Every stored customer key (suppression list, ledger, contact state) is a hash under this key: rotating it would orphan them all, unsubscribes included.');

    const configurationSet = new ses.ConfigurationSet(this, 'OutreachEmails', {
      reputationMetrics: true,
      sendingEnabled: true,
    });

    const topics = this.topics(queues);
    // Bounces, complaints, deliveries, opens and clicks flow SES → SNS → SQS → ses-events.
    configurationSet.addEventDestination('SendingEvents', {
      destination: ses.EventDestination.snsTopic(topics.sesEvents),
      events: [
        ses.EmailSendingEvent.BOUNCE, ses.EmailSendingEvent.COMPLAINT, ses.EmailSendingEvent.REJECT,
        ses.EmailSendingEvent.DELIVERY, ses.EmailSendingEvent.OPEN, ses.EmailSendingEvent.CLICK,
      ],
    });
    const deferrals = this.deferrals(queues.outreach.queue);

    const environment: Record<string, string> = {
      ...Object.fromEntries(Object.entries(TABLES).map(([k, spec]) => [spec.env, tables[k as keyof typeof TABLES].tableName])),
      ...Object.fromEntries(
        Object.entries(QUEUES).flatMap(([k, spec]) => [
          [spec.env, queues[k as keyof typeof QUEUES].queue.queueUrl],
          [dlqOf(spec).env, queues[k as keyof typeof QUEUES].dlq.queueUrl],
        ]),
      ),
      WEBHOOK_SECRETS_ID: webhookSecrets.secretArn,
      VENDOR_API_SECRET_ID: vendorApiSecret.secretArn,
      UNSUBSCRIBE_KEY_SECRET_ID: unsubscribeKey.secretArn,
      CUSTOMER_HASH_KEY_SECRET_ID: customerHashKey.secretArn,
      SES_CONFIGURATION_SET: configurationSet.configurationSetName,
      ...Object.fromEntries(Object.entries(TOPICS).map(([k, spec]) => [spec.env, topics[k as keyof typeof TOPICS].topicArn])),
      ...Object.fromEntries(
        (Object.entries(QUEUES) as Array<[keyof typeof QUEUES, QueueSpec]>).flatMap(([k, spec]) => (spec.arnEnv ? [[spec.arnEnv, queues[k].queue.queueArn]] : [])),
      ),
      SCHEDULER_GROUP: deferrals.group.scheduleGroupName,
      SCHEDULER_ROLE_ARN: deferrals.role.roleArn,
    };

    this.functions = mapValues(FUNCTIONS, (spec) => new HandlerFunction(this, spec, environment));

    // Least privilege, straight from the shared access table.
    for (const [name, access] of Object.entries(ACCESS) as Array<[FunctionName, (typeof ACCESS)[FunctionName]]>) {
      const fn = this.functions[name];
      for (const t of access.readTables ?? []) tables[t].grantReadData(fn);
      for (const t of access.writeTables ?? []) tables[t].grantReadWriteData(fn);
      for (const q of access.sendQueues ?? []) queues[q].queue.grantSendMessages(fn);
      for (const q of access.sendDlqs ?? []) queues[q].dlq.grantSendMessages(fn);
      if (access.webhookSecrets) {
        webhookSecrets.grantRead(fn);
        vendorApiSecret.grantRead(fn);
      }
      if (access.unsubscribeKey) unsubscribeKey.grantRead(fn);
      if (access.customerHashKey) customerHashKey.grantRead(fn);
      for (const t of access.publishTopics ?? []) topics[t].grantPublish(fn);
      if (access.scheduleDeferrals) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['scheduler:CreateSchedule'],
            resources: [this.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${deferrals.group.scheduleGroupName}/*` })],
          }),
        );
        deferrals.role.grantPassRole(fn.grantPrincipal);
        acknowledge(fn, `AwsSolutions-IAM5[Resource::arn:${this.nagToken(this.partition, 'AWS::Partition')}:scheduler:${this.nagToken(this.region, 'AWS::Region')}:${this.nagToken(this.account, 'AWS::AccountId')}:schedule/${deferrals.group.scheduleGroupName}/*]`,
          'Deferred outreach creates one uniquely named one-time schedule per email, only in the deferral schedule group.');
      }
      if (access.comprehend) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: [
              'comprehend:BatchDetectSentiment', 'comprehend:BatchDetectDominantLanguage', 'comprehend:DetectSentiment', 'comprehend:DetectDominantLanguage',
              'comprehend:BatchDetectKeyPhrases', 'comprehend:DetectPiiEntities',
            ],
            resources: ['*'],
          }),
        );
      }
      if (access.ses) {
        fn.addToRolePolicy(
          new iam.PolicyStatement({
            actions: ['ses:SendEmail'],
            resources: [
              this.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderIdentity }),
              this.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
            ],
          }),
        );
      }
      acknowledge(fn, `AwsSolutions-IAM4[Policy::arn:${this.nagToken(this.partition, 'AWS::Partition')}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
        'AWSLambdaBasicExecutionRole only lets the function write its own CloudWatch Logs.');
      acknowledge(fn, 'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing (PutTraceSegments) and Comprehend\'s detect APIs support no resource-level permissions.');
      for (const t of [...(access.readTables ?? []), ...(access.writeTables ?? [])]) {
        const logicalId = this.getLogicalId(tables[t].node.defaultChild as dynamodb.CfnGlobalTable);
        acknowledge(fn, `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`, 'CDK table grants include the table\'s own indexes; queries by day and by customer need them.');
      }
      acknowledge(fn, 'AwsSolutions-L1', 'Pinned to Node.js 22, the runtime the handlers are built and tested for; upgrades are deliberate.');
    }

    for (const source of EVENT_SOURCES) {
      this.functions[source.function as FunctionName].addEventSource(
        new SqsEventSource(queues[source.queue as keyof typeof QUEUES].queue, {
          batchSize: source.batchSize,
          maxBatchingWindow: Duration.seconds(source.maxBatchingWindowSeconds),
          ...(source.maxConcurrency ? { maxConcurrency: source.maxConcurrency } : {}),
          reportBatchItemFailures: true,
        }),
      );
    }

    const api = this.httpApi();
    // Unsubscribe links in emails point back at this API.
    for (const [name, access] of Object.entries(ACCESS) as Array<[FunctionName, (typeof ACCESS)[FunctionName]]>) {
      // …and so do the record links in escalation alerts.
      if (access.unsubscribeKey || access.publishTopics?.includes('escalations') || access.linksToApi) this.functions[name].addEnvironment('PUBLIC_API_URL', api.apiEndpoint);
    }
    // Read and admin routes: only SigV4-signed callers with execute-api:Invoke on them get through.
    const iamAuthorizer = new HttpIamAuthorizer();
    for (const route of ROUTES) {
      api.addRoutes({
        path: route.path,
        methods: [route.method as apigw.HttpMethod],
        ...(route.auth === 'iam' ? { authorizer: iamAuthorizer } : {}),
        integration: new HttpLambdaIntegration(`${route.function}Integration`, this.functions[route.function as FunctionName]),
      });
    }

    for (const schedule of SCHEDULES) {
      new events.Rule(this, schedule.id, {
        schedule: events.Schedule.rate(Duration.minutes(schedule.everyMinutes)),
        targets: [new targets.LambdaFunction(this.functions[schedule.function as FunctionName], schedule.input ? { event: events.RuleTargetInput.fromObject(schedule.input) } : {})],
      });
    }

    const alarmTopic = this.alarms(Object.values(queues), Object.values(this.functions));
    const observability = new Observability(this, 'Observability', {
      alarmTopic,
      api,
      functions: this.functions,
      dlqs: Object.fromEntries(Object.entries(queues).map(([name, q]) => [name, q.dlq])),
      thresholds: settings.metrics.alarms,
    });
    new CasesResources(this, 'CasesPeople', {
      connectorReaders: (Object.entries(ACCESS) as Array<[FunctionName, (typeof ACCESS)[FunctionName]]>).filter(([, a]) => a.connectorSecrets).map(([n]) => this.functions[n]),
      schedulerRole: deferrals.role,
      caseEventsQueue: queues.caseEvents.queue,
      alarmTopic,
      dashboard: observability.dashboard,
    });

    new CfnOutput(this, 'WebhookUrl', { value: `${api.apiEndpoint}/webhooks/{source}`, description: 'Paste into each vendor, with {source} replaced' });
    new CfnOutput(this, 'WebhookSecretsArn', { value: webhookSecrets.secretArn });
    new CfnOutput(this, 'VendorApiCredentialsArn', { value: vendorApiSecret.secretArn, description: 'API tokens for SurveyMonkey, Qualtrics and HubSpot: {"<vendor>": {"token": "…"}}' });
    new CfnOutput(this, 'EscalationTopicArn', { value: topics.escalations.topicArn, description: 'Subscribe the team (email, Slack or Teams through AWS Chatbot) to escalation alerts' });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarmTopic.topicArn, description: 'DLQ-not-empty and handler-error alarms' });
    new CfnOutput(this, 'UnsubscribeKeyArn', { value: unsubscribeKey.secretArn, description: 'Generated at deploy; rotate by moving "current" to "previous"' });
    // `cx-loop suppress add <email> --aws` hashes the address with it (cli/lib/backend.ts).
    new CfnOutput(this, outputIdOf('CUSTOMER_HASH_KEY_SECRET_ID'), { value: customerHashKey.secretArn });
    // `cx-loop … --aws` finds the tables and queues through these (cli/lib/backend.ts).
    const resourceEnvs = [...Object.values(TABLES).map((t) => t.env), ...Object.values(QUEUES).flatMap((q) => [q.env, dlqOf(q).env])];
    for (const env of resourceEnvs) new CfnOutput(this, outputIdOf(env), { value: environment[env]! });
  }

  /**
   * How cdk-nag spells a pseudo-parameter in a finding id: `<AWS::Region>` while the stack is
   * environment-agnostic, the literal value once `cdk synth` (which always sets CDK_DEFAULT_REGION,
   * and CDK_DEFAULT_ACCOUNT when it finds credentials) or `env` pins it. An acknowledgement written
   * with only one spelling silently stops matching on the other, and synthesis fails.
   */
  private nagToken(value: string, pseudo: string): string {
    return Token.isUnresolved(value) ? `<${pseudo}>` : value;
  }

  /**
   * Escalation alerts use the AWS-managed SNS key. SES cannot publish to a topic under that key (its
   * policy cannot name SES), so the SES events topic has its own key that allows SES to use it.
   */
  private topics(queues: Record<keyof typeof QUEUES, QueueWithDlq>): Record<keyof typeof TOPICS, sns.Topic> {
    const sesEventsKey = new kms.Key(this, 'SesEventsKey', { description: 'cx-loop: encrypts SES sending events on their SNS topic', enableKeyRotation: true });
    sesEventsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const awsManagedKey = kms.Alias.fromAliasName(this, 'EscalationTopicKey', 'alias/aws/sns');
    return mapValues(TOPICS, (spec, key) => {
      const topic = new sns.Topic(this, spec.id, {
        displayName: `cx-loop ${String(key)}`,
        enforceSSL: true,
        masterKey: key === 'sesEvents' ? sesEventsKey : awsManagedKey,
      });
      const deliverTo = 'deliverTo' in spec ? spec.deliverTo : undefined;
      if (deliverTo) topic.addSubscription(new subscriptions.SqsSubscription(queues[deliverTo].queue, { rawMessageDelivery: true }));
      for (const q of ('subscribers' in spec ? spec.subscribers : undefined) ?? []) topic.addSubscription(new subscriptions.SqsSubscription(queues[q].queue, { rawMessageDelivery: true }));
      return topic;
    });
  }

  /** Outreach deferred past SQS's 15-minute delay: one-time schedules in their own group, put back on the queue by a role that can do only that. */
  private deferrals(outreachQueue: QueueWithDlq['queue']) {
    const group = new scheduler.ScheduleGroup(this, 'DeferralSchedules', { removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, 'DeferralSchedulerRole', {
      description: 'EventBridge Scheduler puts deferred outreach back on the outreach queue',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
    });
    outreachQueue.grantSendMessages(role);
    return { group, role };
  }

  private table(spec: TableSpec): dynamodb.TableV2 {
    const table = new dynamodb.TableV2(this, spec.id, {
      partitionKey: { name: spec.partitionKey.name, type: attributeType(spec.partitionKey.type) },
      ...(spec.sortKey ? { sortKey: { name: spec.sortKey.name, type: attributeType(spec.sortKey.type) } } : {}),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      ...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
      globalSecondaryIndexes: spec.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: { name: index.partitionKey.name, type: attributeType(index.partitionKey.type) },
        ...(index.sortKey ? { sortKey: { name: index.sortKey.name, type: attributeType(index.sortKey.type) } } : {}),
      })),
    });
    return table;
  }

  private httpApi(): apigw.HttpApi {
    const api = new apigw.HttpApi(this, 'Api', {
      description: 'cx-loop webhooks and read APIs',
      createDefaultStage: true,
    });
    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const stage = api.defaultStage!.node.defaultChild as apigw.CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', route: '$context.routeKey', status: '$context.status', latency: '$context.responseLatency' }),
    };
    // Vendors burst on survey sends; the limits protect the queue and the account, not the vendor.
    stage.defaultRouteSettings = { throttlingBurstLimit: 500, throttlingRateLimit: 200 };
    acknowledge(api, 'AwsSolutions-APIG4',
      'Webhook routes are authenticated in the handler by each vendor\'s HMAC signature over the raw body; API Gateway authorizers cannot verify those.');
    return api;
  }

  private alarms(queues: QueueWithDlq[], functions: lambda.IFunction[]): sns.Topic {
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'cx-loop alarms',
      enforceSSL: true,
      masterKey: kms.Alias.fromAliasName(this, 'SnsAwsKey', 'alias/aws/sns'),
    });
    const notify = new actions.SnsAction(topic);
    for (const q of queues) {
      new cloudwatch.Alarm(this, `${q.node.id}DlqNotEmpty`, {
        alarmDescription: `Messages are parked in the ${q.node.id} DLQ: inspect the reason attribute, fix, then redrive.`,
        metric: q.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);
    }
    for (const fn of functions) {
      new cloudwatch.Alarm(this, `${fn.node.id}Errors`, {
        alarmDescription: `${fn.node.id} threw errors (not partial batch failures).`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);
    }
    return topic;
  }
}

function acknowledge(scope: Construct, finding: string, reason: string) {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${finding}`, reason });
}

function attributeType(type: 'S' | 'N') {
  return type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER;
}

function mapValues<T extends object, R>(obj: T, fn: (value: T[keyof T], key: keyof T) => R): Record<keyof T, R> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v as T[keyof T], k as keyof T)])) as Record<keyof T, R>;
}
