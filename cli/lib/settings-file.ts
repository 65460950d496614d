/**
 * Settings for commands that try a change before it goes live (`rules replay`, `sources check`): the
 * bundled cx-loop.config.json, or a candidate file — a whole config or only the top-level keys it
 * changes (`{"rules": …}`, `{"mappings": …}`), which replace the bundled ones. Validated exactly as at
 * startup, so an error names the same key.
 */
import { readFile } from 'node:fs/promises';
import { parseSettings, type Settings } from '#domain/settings';
import { CliError } from './errors';

export async function candidateSettings(file: string): Promise<Settings> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`config file not found: ${file}`);
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new CliError(`${file} must hold a JSON object of settings.`);
  const bundled = (await import('../../cx-loop.config.json', { with: { type: 'json' } })).default;
  try {
    return parseSettings({ ...bundled, ...raw });
  } catch (err) {
    throw new CliError(`${file}: ${(err as Error).message}`);
  }
}

/** The bundled settings as the Lambdas read them; an invalid file is one clear message, not a stack. */
export async function bundledSettings(): Promise<Settings> {
  try {
    return (await import('../../functions/settings')).settings;
  } catch (err) {
    throw new CliError(`cx-loop.config.json: ${(err as Error).message}`);
  }
}
