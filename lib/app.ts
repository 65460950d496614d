/** Builds the CDK app exactly as `cdk synth` does, so tests check the same thing that deploys. */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildGenerated } from '../functions/generated';
import { settings } from '../functions/settings';
import { CxLoopStack } from './cx-loop-stack';

/** `env` defaults to what the CDK CLI passes: CDK_DEFAULT_REGION always, CDK_DEFAULT_ACCOUNT when it finds credentials. */
export function buildApp(app = new App(), env: { account?: string | undefined; region?: string | undefined } = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION }) {
  // The api Lambda inlines the dashboard bundle and notify the email templates; esbuild bundles them below.
  buildGenerated();
  const stack = new CxLoopStack(app, 'CxLoop', {
    senderIdentity: app.node.tryGetContext('senderIdentity') ?? settings.sender.fromAddress.split('@')[1]!,
    env,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
