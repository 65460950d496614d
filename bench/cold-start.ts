/**
 * Cold start, per Lambda: the bundle esbuild makes with the deployed settings (AWS SDK included),
 * its size, and how long a fresh Node.js process takes to import it — the part of a cold start
 * that is ours (the runtime's own init is not).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { buildGenerated } from '../functions/generated';
import { BUNDLING } from '../lib/bundling';
import { FUNCTIONS } from '../lib/pipeline-spec';

export interface ColdStart {
  function: string;
  /** As deployed: minified, AWS SDK included. */
  bundleBytes: number;
  /** For comparison: the same bundle with the AWS SDK left to the Lambda runtime (CDK's default, not ours). */
  bundleBytesWithoutSdk: number;
  /** Median of several fresh-process imports. */
  importMs: number;
}

/** `importsPerBundle`: fresh-process imports per bundle, the median reported (the fresh-clone smoke test uses 1). */
export async function measureColdStarts(importsPerBundle = 5): Promise<ColdStart[]> {
  // The api handler inlines the generated dashboard bundle and notify the templates; a fresh clone has neither yet.
  buildGenerated();
  const dir = mkdtempSync(join(tmpdir(), 'cx-loop-bench-'));
  try {
    const results: ColdStart[] = [];
    for (const spec of Object.values(FUNCTIONS)) {
      const entry = join(import.meta.dirname, '..', 'functions', 'handlers', spec.entry);
      const outfile = join(dir, `${spec.id}.mjs`);
      await bundle(entry, outfile, [...BUNDLING.externalModules]);
      const withoutSdk = join(dir, `${spec.id}-without-sdk.mjs`);
      await bundle(entry, withoutSdk, ['@aws-sdk/*', '@smithy/*']);
      const times = Array.from({ length: importsPerBundle }, () => importMs(outfile)).sort((a, b) => a - b);
      results.push({ function: spec.id, bundleBytes: statSync(outfile).size, bundleBytesWithoutSdk: statSync(withoutSdk).size, importMs: times[Math.floor(times.length / 2)]! });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function bundle(entry: string, outfile: string, external: string[]) {
  return build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: BUNDLING.format,
    minify: BUNDLING.minify,
    target: BUNDLING.target,
    mainFields: [...BUNDLING.mainFields],
    external,
    banner: { js: BUNDLING.banner },
    logLevel: 'error',
  });
}

function importMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  // The region is all an SDK client needs at import; nothing is called.
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, encoding: 'utf8' });
  return Math.round(Number(out.trim().split('\n').pop()) * 10) / 10;
}
