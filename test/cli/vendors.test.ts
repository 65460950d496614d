/**
 * The real binary on vendor-specific points of issue 11: a Typeform export read for both its email
 * question and its `email` hidden field; `send --source twilio` refusing an email it cannot carry;
 * deliveries with neither score nor text counted per source in `metrics` and shown by `tail`.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime';
import { runCli } from './cli';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('cx-loop import --vendor typeform: email question and email hidden field', () => {
  it('takes the answered email question, falls back to the hidden field, and prefers the answer when both are there', async () => {
    const res = await runCli(['import', fixture('typeform-email-question.csv'), '--vendor', 'typeform', '--preview', '5']);
    expect(res.code, res.stderr).toBe(0);
    const line = (n: number) => res.stdout.split('\n').find((l) => l.startsWith(`  line ${n}:`)) ?? '';
    expect(line(2)).toContain('q***@question.example.com');
    expect(line(3)).toContain('h***@hidden.example.com');
    expect(line(4)).toContain('a***@question.example.com');
  });
});

describe('cx-loop send --source twilio', () => {
  it('refuses --email, which an SMS cannot carry, and says what to use instead', async () => {
    const res = await runCli(['send', '--source', 'twilio', '--score', '9', '--email', 'sam@example.com', '--endpoint', 'http://127.0.0.1:9']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/--email cannot be sent as twilio: .*phone number.*--phone/);
  });
});

describe('deliveries with neither a score nor text', () => {
  let runtime: LocalRuntime;
  let endpoint: string[];
  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0 });
    endpoint = ['--endpoint', runtime.apiUrl];
  }, 90_000);
  afterAll(async () => runtime?.stop());

  const ignoredFor = async (source: string) => {
    const res = await runCli(['metrics', '--json', '--filter', `source=${source}`, ...endpoint]);
    expect(res.code, res.stderr).toBe(0);
    return (JSON.parse(res.stdout) as { rows: Array<{ figures: { ignored: number } }> }).rows[0]!.figures.ignored;
  };

  it('are counted per source in GET /metrics and `metrics`, and shown by `tail`', { timeout: 60_000 }, async () => {
    const before = await ignoredFor('typeform');
    for (const id of ['empty-1', 'empty-2']) {
      const sent = await runCli(['send', '--source', 'typeform', '--metric', 'none', '--id', id, ...endpoint]);
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toContain('ignored: no score and no text');
    }
    expect(await ignoredFor('typeform')).toBe(before + 2);
    expect(await ignoredFor('delighted')).toBe(0);

    const api = (await (await fetch(`${runtime.apiUrl}/metrics?dimension=source&value=typeform`)).json()) as { total: { ignored: number } };
    expect(api.total.ignored).toBe(before + 2);

    const table = await runCli(['metrics', '--filter', 'source=typeform', ...endpoint]);
    expect(table.stdout).toMatch(/\bignored\b/);

    const tail = await runCli(['tail', '--lines', '0', ...endpoint]);
    expect(tail.stdout).toMatch(/ignored today \(no score and no text; check the field mapping\): .*typeform 2/);
  });
});
