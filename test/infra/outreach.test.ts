/**
 * The closed loop's AWS side, as synthesized (cdk-nag on): the escalation topic, SES sending events
 * to their queue, the deferral schedule group and its role, the unsubscribe routes, and
 * least-privilege grants for notify, unsubscribe and ses-events.
 */
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';
import { ACCESS } from '../../lib/pipeline-spec';

let template: Template;
let stack: ReturnType<typeof buildApp>['stack'];

beforeAll(() => {
  const built = buildApp();
  stack = built.stack;
  // Throws on any unacknowledged cdk-nag finding.
  built.app.synth();
  template = Template.fromStack(stack);
}, 240_000);

const idOf = (type: string, prefix: string) => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}`).toHaveLength(1);
  return ids[0]!;
};

const policyOf = (fn: keyof typeof ACCESS) => {
  const roleId = stack.getLogicalId(stack.functions[fn].role!.node.defaultChild as never);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId));
  return JSON.stringify(policies.map((p) => p.Properties.PolicyDocument));
};

const envOf = (fn: keyof typeof ACCESS) => {
  const fnId = stack.getLogicalId(stack.functions[fn].node.defaultChild as never);
  return template.toJSON().Resources[fnId].Properties.Environment.Variables as Record<string, unknown>;
};

describe('escalations', () => {
  it('publish to a TLS-only topic encrypted with the AWS-managed SNS key', () => {
    const topicId = idOf('AWS::SNS::Topic', 'EscalationTopic');
    expect(JSON.stringify(template.toJSON().Resources[topicId].Properties.KmsMasterKeyId)).toContain(':alias/aws/sns');
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('are published by analyze alone, which learns the topic ARN and the public API URL for record links', () => {
    const topicId = idOf('AWS::SNS::Topic', 'EscalationTopic');
    for (const fn of Object.keys(ACCESS) as Array<keyof typeof ACCESS>) {
      const publishes = policyOf(fn).includes('"sns:Publish"') && policyOf(fn).includes(topicId);
      expect(publishes, fn).toBe(fn === 'analyze');
    }
    expect(envOf('analyze')).toMatchObject({ ESCALATION_TOPIC_ARN: { Ref: topicId }, PUBLIC_API_URL: { 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiEndpoint'] } });
  });
});

describe('SES sending events', () => {
  it('go from the configuration set to an SNS topic under a key SES may use', () => {
    const topicId = idOf('AWS::SNS::Topic', 'SesEventsTopic');
    template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint', 'delivery', 'open', 'click']),
        SnsDestination: { TopicARN: { Ref: topicId } },
      },
    });
    const keyId = idOf('AWS::KMS::Key', 'SesEventsKey');
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'ses.amazonaws.com' }, Action: ['kms:GenerateDataKey*', 'kms:Decrypt'] })]) },
    });
  });

  it('reach their queue (raw delivery, with a DLQ) and the ses-events function', () => {
    const topicId = idOf('AWS::SNS::Topic', 'SesEventsTopic');
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true, TopicArn: { Ref: topicId } });
    template.hasResourceProperties('AWS::SQS::Queue', { RedrivePolicy: Match.objectLike({ deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SesEventsQueueDlq'), 'Arn'] } }) });
    const fnId = stack.getLogicalId(stack.functions.sesEvents.node.defaultChild as never);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fnId },
      EventSourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SesEventsQueue'), 'Arn'] },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('deferrals beyond 15 minutes', () => {
  it('have a schedule group and a role only EventBridge Scheduler can assume, allowed only to send to the outreach queue', () => {
    idOf('AWS::Scheduler::ScheduleGroup', 'DeferralSchedules');
    const roleId = idOf('AWS::IAM::Role', 'DeferralSchedulerRole');
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'scheduler.amazonaws.com' } })] },
    });
    const rolePolicies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId));
    const statements = rolePolicies.flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: unknown; Resource: unknown }>);
    // Deferred outreach goes back to the outreach queue; case reminders (people in the loop) to the case-events queue.
    expect(statements).toHaveLength(2);
    for (const st of statements) expect(st.Action).toContain('sqs:SendMessage');
    expect(statements.map((st) => JSON.stringify(st.Resource)).sort()).toEqual([expect.stringMatching(/CaseEventsQueue(?!Dlq)/), expect.stringMatching(/OutreachQueue(?!Dlq)/)]);
  });

  it('let notify create schedules in that group and pass that role, and nothing broader', () => {
    const policy = policyOf('notify');
    const groupId = idOf('AWS::Scheduler::ScheduleGroup', 'DeferralSchedules');
    const groupName = template.toJSON().Resources[groupId].Properties.Name as string;
    const roleId = idOf('AWS::IAM::Role', 'DeferralSchedulerRole');
    expect(policy).toContain('"scheduler:CreateSchedule"');
    expect(policy).toContain(`:schedule/${groupName}/*"`);
    expect(policy).toContain('"iam:PassRole"');
    expect(policy).toContain(`"Fn::GetAtt":["${roleId}","Arn"]`);
    expect(policy).not.toMatch(/scheduler:(Delete|Update)Schedule|scheduler:\*/);
    expect(envOf('notify')).toMatchObject({
      SCHEDULER_GROUP: groupName,
      SCHEDULER_ROLE_ARN: { 'Fn::GetAtt': [roleId, 'Arn'] },
      OUTREACH_QUEUE_ARN: { 'Fn::GetAtt': [expect.stringMatching(/^OutreachQueue(?!Dlq)/), 'Arn'] },
    });
    for (const fn of ['analyze', 'unsubscribe', 'sesEvents', 'ingest'] as const) {
      expect(policyOf(fn), fn).not.toMatch(/scheduler:|iam:PassRole/);
    }
  });
});

describe('unsubscribe', () => {
  it('answers GET and POST /unsubscribe', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /unsubscribe' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'POST /unsubscribe' });
  });

  it('reads the signing key and writes only the outreach table: no email, no queue, no topic', () => {
    const policy = policyOf('unsubscribe');
    expect(policy).toContain('secretsmanager:GetSecretValue');
    expect(policy).toContain(idOf('AWS::DynamoDB::GlobalTable', 'Outreach'));
    expect(policy).not.toContain(idOf('AWS::DynamoDB::GlobalTable', 'Feedback'));
    expect(policy).not.toMatch(/ses:|sqs:SendMessage|sns:Publish/);
  });
});

describe('ses-events', () => {
  it('writes only the outreach table and may park poison in its own DLQ', () => {
    const policy = policyOf('sesEvents');
    expect(policy).toContain(idOf('AWS::DynamoDB::GlobalTable', 'Outreach'));
    expect(policy).not.toContain(idOf('AWS::DynamoDB::GlobalTable', 'Feedback'));
    expect(policy).not.toContain(idOf('AWS::DynamoDB::GlobalTable', 'Metrics'));
    expect(policy).not.toMatch(/ses:SendEmail|sns:Publish/);
    // The only secret it reads is the key behind customer keys (a bounce suppresses the keyed address).
    const secrets = [...policy.matchAll(/"Ref\\?":\\?"(\w+)\\?"/g)].map((m) => m[1]!).filter((id) => template.findResources('AWS::SecretsManager::Secret')[id]);
    expect(secrets).toEqual([idOf('AWS::SecretsManager::Secret', 'CustomerHashKey')]);
    const statements = (JSON.parse(policy) as Array<{ Statement: Array<{ Action: string | string[]; Resource: unknown }> }>).flatMap((d) => d.Statement);
    const sendsTo = statements.filter((st) => [st.Action].flat().includes('sqs:SendMessage')).map((st) => JSON.stringify(st.Resource));
    expect(sendsTo).toEqual([expect.stringMatching(/^\{"Fn::GetAtt":\["SesEventsQueueDlq\w+","Arn"\]\}$/)]);
  });
});
