/**
 * `cx-loop rules replay` with the real binary against the real local pipeline: stored feedback is
 * re-decided under a candidate config, the report names what changes, and nothing is written or
 * sent. `cx-loop rules check` refuses a contradictory config, naming the key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devSecret } from '../../local/dev-secrets';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { postGeneric, sesInbox } from '../../local/webhook-client';
import { eventually, runCli } from './cli';

let runtime: LocalRuntime;
let endpoint: string[];
let db: DynamoDBDocumentClient;
const dir = mkdtempSync(path.join(tmpdir(), 'cx-rules-'));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
const scan = async (env: string) =>
  ((await db.send(new ScanCommand({ TableName: runtime.resources.env[env]!, ConsistentRead: true }))).Items ?? []).sort((a, b) => String(a.pk).localeCompare(String(b.pk)) || String(a.sk).localeCompare(String(b.sk)));
const snapshot = async () => ({ feedback: await scan('FEEDBACK_TABLE'), outreach: await scan('OUTREACH_TABLE'), metrics: await scan('METRICS_TABLE'), inbox: (await sesInbox(runtime.sesStoreUrl)).length });

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  endpoint = ['--endpoint', runtime.apiUrl];
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, endpoint: runtime.endpoints.dynamodb }));
  for (const [id, score] of [['rules-7', 7], ['rules-2', 2], ['rules-10', 10]] as const) {
    const res = await postGeneric(runtime.apiUrl, devSecret('generic'), { sourceEventId: id, customer: { email: `${id}@example.com` }, metric: { type: 'nps', score } });
    expect(res.status).toBe(202);
  }
  const stored = await eventually(async () => (await scan('FEEDBACK_TABLE')).filter((i) => String(i.pk).startsWith('generic#rules-')), (items) => items.length === 3, 60_000);
  expect(stored).toHaveLength(3);
}, 120_000);

afterAll(async () => {
  db?.destroy();
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('cx-loop rules replay', () => {
  it('names the feedback a wider recovery band would flip, and writes and sends nothing', { timeout: 180_000 }, async () => {
    // Let the pipeline settle (emails sent, their delivery events and counters written) first.
    expect(await eventually(async () => (await sesInbox(runtime.sesStoreUrl)).length, (n) => n >= 2, 60_000)).toBeGreaterThanOrEqual(2);
    let before = await snapshot();
    for (let settled = false; !settled; ) {
      await new Promise((r) => setTimeout(r, 1500));
      const now = await snapshot();
      settled = JSON.stringify(now) === JSON.stringify(before);
      before = now;
    }
    const candidate = file('wider.json', { rules: { recovery: { nps: [0, 7] } } });

    const json = await runCli(['rules', 'replay', '--config', candidate, '--json', ...endpoint]);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.feedback).toBe(3);
    expect(report.transitions).toEqual({ 'none→recovery': 1 });
    expect(report.flipped.map((f: { pk: string }) => f.pk)).toEqual(['generic#rules-7']);
    expect(report.after.decisions.recovery - report.before.decisions.recovery).toBe(1);

    const text = await runCli(['rules', 'replay', '--config', candidate, ...endpoint]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Nothing was sent or written');
    expect(text.stdout).toMatch(/recovery\s+1\s+2\s+\+1/);
    expect(text.stdout).toMatch(/generic#rules-7\s+none \(none\.nps-passive\) → recovery \(recovery\.nps; email (sent|deferred)\)/);

    expect(await snapshot()).toEqual(before);
  });

  it('refuses a candidate that contradicts itself, before reading anything', { timeout: 180_000 }, async () => {
    const res = await runCli(['rules', 'replay', '--config', file('overlap.json', { rules: { gratitude: { nps: [5, 10] } } }), ...endpoint]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/rules\.gratitude\.nps: \[5, 10\] overlaps recovery\.nps \[0, 6\]/);
    expect(res.stdout).toBe('');
  });

  it('says so when the file is missing or not JSON', { timeout: 180_000 }, async () => {
    expect((await runCli(['rules', 'replay', '--config', path.join(dir, 'nope.json'), ...endpoint])).stderr).toMatch(/config file not found/);
    expect((await runCli(['rules', 'replay', '--config', file('bad.json', '{"rules": '), ...endpoint])).stderr).toMatch(/is not valid JSON/);
  });
});

describe('cx-loop rules check', () => {
  it('passes the bundled config and refuses zero-length quiet hours', { timeout: 180_000 }, async () => {
    expect((await runCli(['rules', 'check', '--config', 'cx-loop.config.json'])).stdout).toContain('valid');
    const res = await runCli(['rules', 'check', '--config', file('quiet.json', { guards: { quietHours: { start: '22:00', end: '22:00' } } })]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/guards\.quietHours\.end: quiet hours start and end at the same time/);
  });
});
