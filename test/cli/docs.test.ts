/** The user docs stay true to the code: every settings key and every CLI command is documented. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSettings, Settings } from '../../functions/domain/settings';
import { runCli } from './cli';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const doc = (name: string) => readFileSync(path.join(root, 'docs', name), 'utf8');

describe('docs/configuration.md', () => {
  const text = doc('configuration.md');

  it.each(Object.keys(Settings.shape))('documents the top-level key %s', (key) => {
    expect(text).toContain(`### \`${key}\``);
  });

  it('shows a full example that the settings schema accepts, with every top-level key', () => {
    const example = JSON.parse(/## Full example\n\n```json\n([\s\S]*?)\n```/.exec(text)![1]!) as Record<string, unknown>;
    expect(() => parseSettings(example)).not.toThrow();
    expect(Object.keys(example).sort()).toEqual(Object.keys(Settings.shape).sort());
  });
});

describe('docs/cli.md', () => {
  it('has a section with an example for every command the binary offers', async () => {
    const help = await runCli(['--help']);
    const commands = [...help.stdout.matchAll(/^ {2}([a-z]+)\b/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['send', 'replay', 'import', 'tail', 'metrics', 'dlq', 'suppress']));
    const text = doc('cli.md');
    for (const command of commands) {
      expect(text, command).toContain(`## ${command}`);
      expect(text, command).toMatch(new RegExp(`npx cx-loop ${command}\\b`));
    }
  });
});
