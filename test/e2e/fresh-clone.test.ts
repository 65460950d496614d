/**
 * Every command the README documents works on a fresh clone: a copy of the repository's files
 * (tracked and new, nothing ignored — so no generated dashboard bundle, no .local-data) with the
 * installed node_modules, then each command run as a user would, on small inputs:
 * `npm run bench`, `npm run soak`, `npm run bench:sentiment`, `npm start` + `npm run demo`, the CLI.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/servers/ports';

const root = path.resolve(import.meta.dirname, '../..');
let clone: string;
let started: ChildProcess | undefined;

beforeAll(() => {
  clone = mkdtempSync(path.join(tmpdir(), 'cx-loop-fresh-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root }).toString().split('\0').filter(Boolean);
  for (const file of files) {
    if (!existsSync(path.join(root, file))) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(clone, file));
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
});

afterAll(() => {
  if (started?.exitCode === null) started.kill('SIGKILL');
  if (clone) rmSync(clone, { recursive: true, force: true });
});

interface Run { code: number | null; output: string }

/** A command in the clone, with a clean environment (no variables a test runner or runtime set). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 540_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: clone, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`${command} ${args.join(' ')} did not finish in ${timeoutMs} ms:\n${output.slice(-3000)}`))), timeoutMs);
    child.once('exit', (code) => (clearTimeout(timer), resolve({ code, output })));
  });
}

describe('a fresh clone', () => {
  it('has no generated dashboard bundle to start with', () => {
    expect(existsSync(path.join(clone, 'functions/dashboard/generated/app-bundle.js'))).toBe(false);
  });

  it('npm run bench (small)', async () => {
    const res = await run('npm', ['run', 'bench', '--', '--events', '8', '--baseline-events', '8', '--paced-events', '2', '--concurrency', '4', '--cold-start-imports', '1', '--out', path.join(clone, 'bench-smoke.json')]);
    expect(res.output).not.toMatch(/Could not resolve/);
    expect(res.code, res.output.slice(-3000)).toBe(0);
    expect(existsSync(path.join(clone, 'bench-smoke.json'))).toBe(true);
  }, 600_000);

  it('npm run soak (small)', async () => {
    const res = await run('npm', ['run', 'soak', '--', '--events', '8', '--fault-rate', '0', '--out', path.join(clone, 'soak-smoke.json')]);
    expect(res.code, res.output.slice(-3000)).toBe(0);
  }, 600_000);

  it('npm run bench:sentiment (says where the data sets go when they are absent)', async () => {
    const res = await run('npm', ['run', 'bench:sentiment'], { CX_DATASETS_DIR: path.join(clone, 'no-datasets') });
    expect(res.code, res.output).toBe(0);
    // Our own development set ships in the repository; only the public sets are skipped.
    expect(res.output).toContain('public sets skipped: no data sets');
    expect(res.output).toMatch(/service\/check n=\d+/);
  }, 120_000);

  it('npm start, then npm run demo and the CLI against it', async () => {
    const ports = { PORT: await freePort(), CX_PORT_DYNAMODB: await freePort(), CX_PORT_SQS: await freePort(), CX_PORT_SES: await freePort(), CX_PORT_COMPREHEND: await freePort(), CX_PORT_SECRETSMANAGER: await freePort() };
    const env = { ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), CX_LOCAL_DATA: path.join(clone, '.local-data') };
    started = spawn('npm', ['start'], { cwd: clone, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, detached: true });
    let banner = '';
    started.stdout!.on('data', (d: Buffer) => (banner += d.toString()));
    started.stderr!.on('data', (d: Buffer) => (banner += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${banner}`)), 400_000);
      const check = setInterval(() => {
        if (banner.includes('cx-loop is running locally')) (clearInterval(check), clearTimeout(timer), resolve());
        if (started!.exitCode !== null) (clearInterval(check), clearTimeout(timer), reject(new Error(`npm start exited:\n${banner}`)));
      }, 200);
    });
    try {
      expect(banner).toContain(`CX_LOOP_ENDPOINT=http://localhost:${ports.PORT}`);
      const demo = await run('npm', ['run', 'demo'], env);
      expect(demo.code, demo.output).toBe(0);
      // It ends with what a CX team changes without code: a template preview and a rules replay.
      expect(demo.output).toMatch(/Template preview: templates\/recovery\/fr\.\*\.liquid[\s\S]*Subject: Nous sommes désolés/);
      expect(demo.output).toMatch(/Rules replay[\s\S]*Nothing was sent or written[\s\S]*recovery\s+\d+\s+\d+\s+\+\d+/);
      // The CLI finds the runtime from the same PORT variable.
      const send = await run('npx', ['cx-loop', 'send', '--score', '9', '--text', 'Fresh clone 👍'], env);
      expect(send.code, send.output).toBe(0);
    } finally {
      process.kill(-started.pid!, 'SIGINT');
      await new Promise((resolve) => started!.once('exit', resolve));
    }
  }, 600_000);
});
