/**
 * `cdk synth` as users run it. The CDK CLI always sets CDK_DEFAULT_REGION (us-east-1 when nothing is
 * configured) and CDK_DEFAULT_ACCOUNT when it finds credentials, so ARNs hold literal values there
 * and `<AWS::Region>` in-process — a cdk-nag acknowledgement written for one spelling fails the
 * other. The in-process cases (bundling skipped, fast) cover every account/region combination; the
 * CLI cases spawn the real `cdk synth --quiet`, with and without AWS_REGION, into a scratch outdir.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app';

const root = path.resolve(import.meta.dirname, '../..');
const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs) rmSync(dir, { recursive: true, force: true });
});

describe('cdk-nag acknowledgements hold in any environment', () => {
  it.each([
    ['environment-agnostic', {}],
    ['region only (the CLI without credentials)', { region: 'us-east-1' }],
    ['account and region', { account: '123456789012', region: 'eu-west-1' }],
    ['another account and region', { account: '210987654321', region: 'ap-southeast-2' }],
  ] as const)('%s', (_name, env: { account?: string; region?: string }) => {
    // Bundling is not what is under test here: skip it (the CLI cases below bundle for real).
    const { app } = buildApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), env);
    // Synthesis throws on any finding left unacknowledged.
    expect(() => app.synth()).not.toThrow();
  }, 120_000);
});

describe('npx cdk synth --quiet (the real CLI)', () => {
  it.each([
    ['without AWS_REGION', {}],
    ['with AWS_REGION=eu-west-1', { AWS_REGION: 'eu-west-1' }],
  ] as const)('succeeds %s', (_name, extra: Record<string, string>) => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'cx-loop-cdk-'));
    outdirs.push(outdir);
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
    for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'CDK_DEFAULT_REGION', 'CDK_DEFAULT_ACCOUNT', 'AWS_PROFILE']) if (!(name in extra)) delete env[name];
    // CI has no credentials and no network: keep the CLI from probing EC2 instance metadata,
    // fetching notices or sending telemetry, so it never waits on a connection.
    Object.assign(env, { AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true' });
    const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', outdir], { cwd: root, env, encoding: 'utf8', timeout: 280_000 });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).not.toMatch(/Synthesis finished with errors|Acknowledge with/);
    expect(run.status, output).toBe(0);
  }, 300_000);
});
