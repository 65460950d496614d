/**
 * The real binary against the real local pipeline: a sent event shows up in `tail` and `metrics`,
 * and `replay` streams a large file, reporting bad lines by number while the rest go through.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { exited, runCli, startCli, waitForOutput } from './cli';

// Importing 1,000 lines through the real binary and the local stack takes ~20 s on a quiet 2-core machine; a harness limit, not a timing assertion.
vi.setConfig({ testTimeout: 120_000 });

let runtime: LocalRuntime;
let endpoint: string[];
const dir = mkdtempSync(path.join(tmpdir(), 'cx-cli-'));

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0 });
  endpoint = ['--endpoint', runtime.apiUrl];
}, 90_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface MetricsJson {
  rows: Array<{ value: string; figures: { responses: number; nps: { detractors: number }; actions: { recovery: number } } }>;
}

const genericFigures = async () => {
  const res = await runCli(['metrics', '--json', '--filter', 'source=generic', ...endpoint]);
  expect(res.code, res.stderr).toBe(0);
  return (JSON.parse(res.stdout) as MetricsJson).rows[0]!.figures;
};

describe('cx-loop send, tail and metrics', () => {
  it('shows a sent event in tail as it is decided, and counts it in metrics', { timeout: 60_000 }, async () => {
    const before = await genericFigures();
    const tail = startCli(['tail', '--lines', '0', '--interval', '200', ...endpoint]);
    try {
      await waitForOutput(tail, (o) => o.stderr.includes('following new decisions'));
      const sent = await runCli(['send', '--score', '2', '--text', 'Terrible: my order never arrived and nobody answers.', '--email', 'tess@tail.example.com', ...endpoint]);
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toMatch(/^accepted generic event .* \(202, queued as [0-9a-f-]{36}\)/);

      await waitForOutput(tail, (o) => o.stdout.includes('t***@tail.example.com'));
      const line = tail.output.stdout.split('\n').find((l) => l.includes('t***@tail.example.com'))!;
      expect(line).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s+generic\s+t\*\*\*@tail\.example\.com\s+NPS 2\s+NEGATIVE\s+recovery\s+recovery\./);
      expect(tail.output.stdout).not.toContain('tess@');
    } finally {
      tail.kill('SIGINT');
    }
    expect(await exited(tail)).toBe(0);

    const after = await genericFigures();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.nps.detractors).toBe(before.nps.detractors + 1);
    expect(after.actions.recovery).toBe(before.actions.recovery + 1);

    const table = await runCli(['metrics', '--filter', 'source=generic', ...endpoint]);
    expect(table.stdout).toMatch(/source\s+responses\s+NPS/);
    expect(table.stdout).toMatch(new RegExp(`generic\\s+${after.responses}\\s+-?\\d`));
  });
});

describe('cx-loop replay', () => {
  const bad = new Map([
    [17, '{"sourceEventId": "r17", "metric": '],
    [500, '{"sourceEventId": "r500", "metric": {"type": "nps", "score": 11}}'],
    [999, '["not", "an", "object"]'],
  ]);
  const file = path.join(dir, 'events.jsonl');
  writeFileSync(
    file,
    Array.from({ length: 1000 }, (_, i) => bad.get(i + 1) ?? JSON.stringify({ sourceEventId: `replay-${i + 1}`, customer: { id: `c${i % 50}` }, metric: { type: 'nps', score: 4 + (i % 7) } })).join('\n') + '\n',
  );

  it('accepts 997 of 1,000 lines and reports the 3 bad ones by line number with a reason', async () => {
    const res = await runCli(['replay', file, '--concurrency', '32', '--json', ...endpoint]);
    expect(res.code).toBe(1);
    const summary = JSON.parse(res.stdout) as { accepted: number; rejected: Array<{ line: number; reason: string }>; failed: unknown[] };
    expect(summary.accepted).toBe(997);
    expect(summary.failed).toEqual([]);
    expect(summary.rejected.map((r) => r.line)).toEqual([17, 500, 999]);
    expect(summary.rejected[0]!.reason).toMatch(/invalid JSON/);
    expect(summary.rejected[1]!.reason).toMatch(/^400 .*metric/);
    expect(summary.rejected[2]!.reason).toBe('expected a JSON object');
  });

  it('resumes from its checkpoint: a second run sends nothing again', async () => {
    const res = await runCli(['replay', file, ...endpoint]);
    expect(res.stdout).toContain('0 accepted, 0 rejected, 1000 skipped (done in an earlier run)');
  });
});
