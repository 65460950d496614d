/** `--aws`: the CLI finds the deployed tables and queues from the stack's outputs (or the Lambdas' own env vars). */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dlqOf, outputIdOf, QUEUES, TABLES } from '../../lib/pipeline-spec';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_REGION ??= 'us-east-1';
const cfn = mockClient(CloudFormationClient);
// The customer-hash key: the CLI computes customer keys (suppress) as the Lambdas do.
const envs = [...Object.values(TABLES).map((t) => t.env), ...Object.values(QUEUES).flatMap((q) => [q.env, dlqOf(q).env]), 'CUSTOMER_HASH_KEY_SECRET_ID'];
const saved = { ...process.env };

afterEach(() => {
  cfn.reset();
  process.env = { ...saved };
  vi.resetModules();
});

const backend = async () => (await import('../../cli/lib/backend')).useBackend({ endpoint: 'http://unused', aws: true, stack: 'CxLoop' });

describe('useBackend --aws', () => {
  it('reads every table and queue from the stack outputs the CDK stack declares', async () => {
    for (const env of envs) delete process.env[env];
    cfn.on(DescribeStacksCommand, { StackName: 'CxLoop' }).resolves({
      Stacks: [{ StackName: 'CxLoop', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: envs.map((env) => ({ OutputKey: outputIdOf(env), OutputValue: `value-of-${env}` })) }],
    });
    const resources = await backend();
    expect(outputIdOf('FEEDBACK_QUEUE_DLQ_URL')).toBe('FeedbackQueueDlqUrl');
    for (const env of envs) {
      expect(resources[env]).toBe(`value-of-${env}`);
      expect(process.env[env]).toBe(`value-of-${env}`);
    }
  });

  it('names what is missing when the stack predates the outputs', async () => {
    for (const env of envs) delete process.env[env];
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: 'CxLoop', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] }] });
    await expect(backend()).rejects.toThrow(/Stack CxLoop has no output for FEEDBACK_TABLE, .*; set them as environment variables or redeploy/);
  });

  it('needs no AWS call when the environment already names everything', async () => {
    for (const env of envs) process.env[env] = `env-${env}`;
    const resources = await backend();
    expect(resources.FEEDBACK_TABLE).toBe('env-FEEDBACK_TABLE');
    expect(cfn.calls()).toHaveLength(0);
  });
});
