/**
 * Quiet by default: an invocation that counted nothing prints nothing (Powertools' "No application
 * metrics to publish…" is a debug line), and it is still there when asked for with DEBUG.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

async function publishNothing(level: string): Promise<string> {
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', level);
  vi.stubEnv('POWERTOOLS_DEV', '');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  let out = '';
  const capture = (chunk: unknown) => ((out += String(chunk)), true);
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const { metrics } = await import('../../functions/powertools');
  metrics.publishStoredMetrics();
  vi.restoreAllMocks();
  return out;
}

describe('Powertools metrics without metrics', () => {
  it('prints nothing at the default level', async () => {
    expect(await publishNothing('WARN')).toBe('');
  });

  it('says it at DEBUG', async () => {
    expect(await publishNothing('DEBUG')).toContain('No application metrics to publish');
  });
});
