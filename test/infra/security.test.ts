/**
 * Security of the deployed stack, read from the synthesized template (one synth for the file):
 * least privilege per function derived from ACCESS in lib/pipeline-spec.ts, encryption at rest,
 * secrets only by reference, API throttling, IAM-only admin routes, and cdk-nag findings either
 * absent or acknowledged with a written reason.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, EVENT_SOURCES, FUNCTIONS, QUEUES, ROUTES, TABLES, TOPICS } from '../../lib/pipeline-spec';
import { logicalIdOf, synthesize, type CxLoopStack } from './synth';

type FunctionName = keyof typeof FUNCTIONS;
type Resource = { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

let stack: CxLoopStack;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  // Synthesis runs the cdk-nag AwsSolutions plugin and throws on any unacknowledged finding.
  ({ stack, template } = synthesize());
  resources = template.toJSON().Resources as Record<string, Resource>;
}, 240_000);

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const idsOfType = (type: string, prefix: string, exclude?: string) =>
  ofType(type).map(([id]) => id).filter((id) => id.startsWith(prefix) && !(exclude && id.startsWith(exclude)));

/** Every logical id a policy resource expression points at (Ref / Fn::GetAtt, however deeply joined). */
function referencedIds(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) referencedIds(v, out);
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj.Ref === 'string' && !obj.Ref.startsWith('AWS::')) out.add(obj.Ref);
    const att = obj['Fn::GetAtt'];
    if (Array.isArray(att) && typeof att[0] === 'string') out.add(att[0]);
    for (const v of Object.values(obj)) referencedIds(v, out);
  }
  return out;
}

function statementsOf(name: FunctionName): Statement[] {
  const roleId = logicalIdOf(stack, stack.functions[name].role!);
  return ofType('AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const DYNAMODB_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

/** What ACCESS says a function may reach, as logical ids of the synthesized resources. */
function expectedReach(name: FunctionName) {
  const access = ACCESS[name];
  const queueIds = (q: keyof typeof QUEUES) => idsOfType('AWS::SQS::Queue', QUEUES[q].id, `${QUEUES[q].id}Dlq`);
  const dlqIds = (q: keyof typeof QUEUES) => idsOfType('AWS::SQS::Queue', `${QUEUES[q].id}Dlq`);
  const tableIds = (t: keyof typeof TABLES) => idsOfType('AWS::DynamoDB::GlobalTable', TABLES[t].id);
  const secretIds = (prefix: string) => idsOfType('AWS::SecretsManager::Secret', prefix);
  return {
    tables: new Set([...(access.readTables ?? []), ...(access.writeTables ?? [])].flatMap(tableIds)),
    writableTables: new Set((access.writeTables ?? []).flatMap(tableIds)),
    queues: new Set([
      ...(access.sendQueues ?? []).flatMap(queueIds),
      ...(access.sendDlqs ?? []).flatMap(dlqIds),
      // The event source mapping polls with the function's role.
      ...EVENT_SOURCES.filter((e) => e.function === name).flatMap((e) => queueIds(e.queue as keyof typeof QUEUES)),
    ]),
    secrets: new Set([
      ...(access.webhookSecrets ? [...secretIds('WebhookSecrets'), ...secretIds('VendorApiCredentials')] : []),
      ...(access.unsubscribeKey ? secretIds('UnsubscribeKey') : []),
      ...(access.customerHashKey ? secretIds('CustomerHashKey') : []),
      ...(access.connectorSecrets ? secretIds('CasesPeopleConnectorCredentials') : []),
    ]),
    topics: new Set((access.publishTopics ?? []).flatMap((t) => idsOfType('AWS::SNS::Topic', TOPICS[t].id))),
    roles: new Set(access.scheduleDeferrals ? idsOfType('AWS::IAM::Role', 'DeferralSchedulerRole') : []),
  };
}

const REACH_KIND: Record<string, keyof ReturnType<typeof expectedReach>> = {
  'AWS::DynamoDB::GlobalTable': 'tables',
  'AWS::SQS::Queue': 'queues',
  'AWS::SecretsManager::Secret': 'secrets',
  'AWS::SNS::Topic': 'topics',
  'AWS::IAM::Role': 'roles',
};

describe('least privilege, per function, from ACCESS', () => {
  for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
    it(`${name} reaches exactly the resources ACCESS grants it`, () => {
      const statements = statementsOf(name);
      const expected = expectedReach(name);
      const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, new Set<string>()])) as Record<keyof typeof expected, Set<string>>;
      for (const s of statements) {
        expect(s.Effect).toBe('Allow');
        for (const id of referencedIds(s.Resource)) {
          const kind = REACH_KIND[resources[id]?.Type ?? ''];
          // The SES configuration set is only named inside the ses:SendEmail resource ARN.
          if (!kind && resources[id]?.Type === 'AWS::SES::ConfigurationSet' && actionsOf(s).every((a) => a === 'ses:SendEmail')) continue;
          expect(kind, `${name} policy references ${id} (${resources[id]?.Type})`).toBeDefined();
          actual[kind!].add(id);
          if (kind === 'tables' && actionsOf(s).some((a) => DYNAMODB_WRITES.includes(a))) actual.writableTables.add(id);
        }
      }
      for (const kind of Object.keys(expected) as Array<keyof typeof expected>) {
        expect([...actual[kind]].sort(), `${name} ${kind}`).toEqual([...expected[kind]].sort());
      }
    });

    it(`${name} gets only the actions its access implies, and no wildcard action`, () => {
      const access = ACCESS[name];
      const actions = new Set(statementsOf(name).flatMap(actionsOf));
      const service = (a: string) => a.split(':')[0]!;
      const allowedServices = new Set([
        'xray',
        ...(access.readTables?.length || access.writeTables?.length ? ['dynamodb'] : []),
        ...(access.sendQueues?.length || access.sendDlqs?.length || EVENT_SOURCES.some((e) => e.function === name) ? ['sqs'] : []),
        ...(access.webhookSecrets || access.unsubscribeKey || access.customerHashKey || access.connectorSecrets ? ['secretsmanager'] : []),
        ...(access.comprehend ? ['comprehend'] : []),
        ...(access.ses ? ['ses'] : []),
        ...(access.publishTopics?.length ? ['sns'] : []),
        ...(access.scheduleDeferrals ? ['scheduler', 'iam'] : []),
      ]);
      for (const action of actions) {
        expect(action, name).not.toMatch(/\*/);
        expect(allowedServices.has(service(action)), `${name} may not ${action}`).toBe(true);
      }
      if (access.scheduleDeferrals) expect([...actions].filter((a) => service(a) === 'iam')).toEqual(['iam:PassRole']);
    });

    it(`${name} uses "*" resources only for actions that have no resource-level permissions`, () => {
      for (const s of statementsOf(name).filter((st) => st.Resource === '*')) {
        for (const action of actionsOf(s)) expect(action, name).toMatch(/^(xray|comprehend):/);
      }
    });
  }

  it('attaches no managed policy but basic execution (own logs) to any function role', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const role = resources[logicalIdOf(stack, stack.functions[name].role!)]!;
      expect(JSON.stringify(role.Properties?.ManagedPolicyArns)).toMatch(/^\[\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole"\]\]\}\]$/);
      expect(role.Properties?.Policies).toBeUndefined();
    }
  });
});

describe('encryption at rest', () => {
  it('encrypts every table with KMS', () => {
    const tables = ofType('AWS::DynamoDB::GlobalTable');
    expect(tables.length).toBe(Object.keys(TABLES).length);
    for (const [id, t] of tables) expect(t.Properties?.SSESpecification, id).toMatchObject({ SSEEnabled: true, SSEType: 'KMS' });
  });

  it('encrypts every queue (SSE-SQS or KMS)', () => {
    for (const [id, q] of ofType('AWS::SQS::Queue')) {
      expect(q.Properties?.SqsManagedSseEnabled === true || q.Properties?.KmsMasterKeyId !== undefined, id).toBe(true);
    }
  });

  it('encrypts every topic with a KMS key', () => {
    const topics = ofType('AWS::SNS::Topic');
    expect(topics.length).toBeGreaterThanOrEqual(Object.keys(TOPICS).length);
    for (const [id, t] of topics) expect(t.Properties?.KmsMasterKeyId, id).toBeDefined();
  });

  it('rotates every customer-managed KMS key', () => {
    for (const [id, k] of ofType('AWS::KMS::Key')) expect(k.Properties?.EnableKeyRotation, id).toBe(true);
  });
});

describe('secrets', () => {
  /** Known key formats, or one long unbroken token (names and ARNs have separators). */
  const SECRET_LOOKING = /whsec_|sk_live|-----BEGIN|^[A-Za-z0-9+/_=]{32,}$/;

  it('reach functions only as Secrets Manager references, never as values', () => {
    for (const [id, fn] of ofType('AWS::Lambda::Function')) {
      const variables = ((fn.Properties?.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {});
      for (const [key, value] of Object.entries(variables)) {
        if (typeof value === 'string') expect(value, `${id} ${key}`).not.toMatch(SECRET_LOOKING);
        if (/SECRET|TOKEN|PASSWORD|KEY/i.test(key)) {
          expect(key, `${id}: a secret-ish variable must carry an id, not a value`).toMatch(/_(SECRET_ID|ID|ARN)$/);
          const target = resources[[...referencedIds(value)][0] ?? '']?.Type;
          expect(target, `${id} ${key}`).toBe('AWS::SecretsManager::Secret');
        }
      }
    }
  });

  it('are generated or left empty in the template, never written into it', () => {
    for (const [id, s] of ofType('AWS::SecretsManager::Secret')) {
      const literal = s.Properties?.SecretString;
      expect(literal === undefined || literal === '{}', `${id} holds a literal secret value`).toBe(true);
    }
  });
});

describe('HTTP API', () => {
  it('throttles every route by default', () => {
    const [[, stage]] = ofType('AWS::ApiGatewayV2::Stage') as [[string, Resource]];
    const settings = stage.Properties?.DefaultRouteSettings as { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number };
    expect(settings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(settings.ThrottlingBurstLimit).toBeGreaterThan(0);
  });

  it('puts every admin and read route behind the IAM authorizer; only signed webhooks (vendors, helpdesks) and signed email links (unsubscribe, re-survey) are public', () => {
    const deployed = new Map(ofType('AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties?.RouteKey as string, r.Properties?.AuthorizationType]));
    expect(deployed.size).toBe(ROUTES.length);
    for (const route of ROUTES) {
      const key = `${route.method} ${route.path}`;
      const isPublic = route.path.startsWith('/webhooks/') || route.path === '/unsubscribe' || route.path === '/pulse' || route.path.startsWith('/helpdesk/');
      expect(route.auth, `${key} must be IAM-authorized`).toBe(isPublic ? undefined : 'iam');
      expect(deployed.get(key), key).toBe(isPublic ? 'NONE' : 'AWS_IAM');
    }
    expect(ROUTES.filter((r) => r.path.startsWith('/customers/')).map((r) => r.method).sort()).toEqual(['DELETE', 'GET']);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('acknowledges every finding it lets through with a written reason', () => {
    const acknowledged = stack.node.findAll().flatMap((c) =>
      c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.entries(m.data as Record<string, string>)),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [rule, reason] of acknowledged) {
      expect(rule).toMatch(/AwsSolutions-/);
      expect(reason.trim().length, `${rule} needs a reason`).toBeGreaterThanOrEqual(30);
    }
  });

  it('fails synthesis on an unacknowledged finding, so a clean synth above means none is left', () => {
    const app = new App();
    const probe = new Stack(app, 'Probe');
    new sqs.Queue(probe, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });
});
