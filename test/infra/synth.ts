/**
 * The CxLoop stack synthesized as `cdk synth` does it (real esbuild bundling, cdk-nag AwsSolutions
 * on): synthesis throws on any unacknowledged finding. Slow, so each test file synthesizes once.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../lib/app';

export type CxLoopStack = ReturnType<typeof buildApp>['stack'];

export function synthesize(): { stack: CxLoopStack; template: Template } {
  const { app, stack } = buildApp();
  app.synth();
  return { stack, template: Template.fromStack(stack) };
}

/** Logical id of a construct's CloudFormation resource, as the template names it. */
export const logicalIdOf = (stack: CxLoopStack, construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
