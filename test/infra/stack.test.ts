/**
 * The synthesized stack, as `cdk synth` produces it (real esbuild bundling, cdk-nag AwsSolutions on):
 * every pipeline resource exists with DLQs, alarms, encryption and batch settings, and each
 * function's policy reaches only its own resources.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, EVENT_SOURCES, FUNCTIONS, QUEUES, TABLES, type TableSpec } from '../../lib/pipeline-spec';
import { synthesize, logicalIdOf as logicalIdOfIn, type CxLoopStack } from './synth';

let template: Template;
let stack: CxLoopStack;

beforeAll(() => {
  // Synthesis runs the cdk-nag plugin and throws on any unacknowledged finding.
  ({ stack, template } = synthesize());
}, 240_000);

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) => logicalIdOfIn(stack, construct);

describe('CxLoop stack', () => {
  it('synthesizes cleanly under cdk-nag AwsSolutions checks', () => {
    expect(template.toJSON().Resources).toBeDefined();
  });

  it('has every table on demand, encrypted, with point-in-time recovery, indexes and TTL', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(TABLES).length);
    for (const spec of Object.values(TABLES) as TableSpec[]) {
      template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: Match.arrayWith([{ AttributeName: spec.partitionKey.name, KeyType: 'HASH' }]),
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS' },
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
        ...(spec.ttlAttribute ? { TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true } } : {}),
        ...(spec.indexes.length ? { GlobalSecondaryIndexes: spec.indexes.map((i) => Match.objectLike({ IndexName: i.name })) } : {}),
      });
    }
  });

  it('gives every work queue an encrypted DLQ with its redrive count', () => {
    for (const spec of Object.values(QUEUES)) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        VisibilityTimeout: spec.visibilityTimeoutSeconds,
        RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: spec.maxReceiveCount },
      });
    }
    const queues = Object.values(template.findResources('AWS::SQS::Queue'));
    expect(queues.every((q) => q.Properties.SqsManagedSseEnabled === true)).toBe(true);
  });

  it('wires each queue to its function with partial batch failures and the spec batch size', () => {
    for (const source of EVENT_SOURCES) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: source.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumBatchingWindowInSeconds: source.maxBatchingWindowSeconds,
      });
    }
  });

  it('runs every handler on Node.js 22, arm64, with tracing', () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } }));
    expect(functions.length).toBe(Object.keys(FUNCTIONS).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    }
  });

  it('alarms on every DLQ and every function error, to the alarm topic', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const dlqAlarms = alarms.filter((a) => a.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    const errorAlarms = alarms.filter((a) => a.Properties.MetricName === 'Errors');
    expect(dlqAlarms.length).toBeGreaterThanOrEqual(Object.keys(QUEUES).length);
    expect(errorAlarms.length).toBeGreaterThanOrEqual(Object.keys(FUNCTIONS).length);
    for (const alarm of [...dlqAlarms, ...errorAlarms]) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });

  it('exposes POST /webhooks/{source} on the HTTP API with throttling and access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /webhooks/{source}' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }),
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: Match.anyValue() }),
    });
  });

  it('schedules the rollup', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: Match.stringLikeRegexp('^rate\\(') });
  });

  describe('least privilege', () => {
    const policies = () => template.findResources('AWS::IAM::Policy');
    const policyOf = (fnName: keyof typeof FUNCTIONS) => {
      const roleId = logicalIdOf(stack.functions[fnName].role!);
      const policy = Object.values(policies()).find((p) => JSON.stringify(p.Properties.Roles).includes(roleId));
      return JSON.stringify(policy?.Properties.PolicyDocument ?? {});
    };
    const tableIds = () =>
      Object.fromEntries(
        Object.values(TABLES).map((t) => [t.id, Object.keys(template.findResources('AWS::DynamoDB::GlobalTable')).find((id) => id.startsWith(t.id))!]),
      );

    for (const name of Object.keys(FUNCTIONS) as Array<keyof typeof FUNCTIONS>) {
      it(`${name} touches only the tables the access table grants it`, () => {
        const policy = policyOf(name);
        const access = ACCESS[name];
        const granted = new Set<string>([...(access.readTables ?? []), ...(access.writeTables ?? [])].map((t) => TABLES[t].id));
        for (const [tableId, logicalId] of Object.entries(tableIds())) {
          expect(policy.includes(logicalId), `${name} → ${tableId}`).toBe(granted.has(tableId));
        }
        expect(policy.includes('dynamodb:PutItem'), `${name} writes`).toBe((access.writeTables ?? []).length > 0);
        expect(policy.includes('ses:SendEmail')).toBe(Boolean(access.ses));
        expect(policy.includes('comprehend:')).toBe(Boolean(access.comprehend));
        expect(policy.includes('secretsmanager:GetSecretValue')).toBe(Boolean(access.webhookSecrets || access.unsubscribeKey || access.customerHashKey || access.connectorSecrets));
      });
    }
  });
});
