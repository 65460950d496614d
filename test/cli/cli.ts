/** Runs the real `cx-loop` binary as a child process, as a person would from a terminal. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
export { eventually } from '../support/eventually';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(root, 'cli/cx-loop.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Without the variables the local runtime set in this test process: the CLI must find everything from --endpoint. */
const childEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: process.env.HOME });

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcessWithoutNullStreams & { output: { stdout: string; stderr: string } } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: root, env: { ...childEnv(), ...env } });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output.stderr += d));
  return Object.assign(child, { output });
}

export function runCli(args: string[], timeoutMs = 60_000, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = startCli(args, env);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cx-loop ${args.join(' ')} did not finish in ${timeoutMs} ms\n${child.output.stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, ...child.output });
    });
  });
}

/** Resolves once `probe` is true of the child's output; fails with what it printed when it never is. */
export async function waitForOutput(child: ReturnType<typeof startCli>, probe: (out: { stdout: string; stderr: string }) => boolean, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe(child.output)) {
    if (child.exitCode !== null) throw new Error(`cx-loop exited (${child.exitCode}) early:\n${child.output.stdout}\n${child.output.stderr}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for cx-loop output:\n${child.output.stdout}\n${child.output.stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function exited(child: ReturnType<typeof startCli>): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.on('close', resolve));
}

