import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Quiet by default; `CX_VERBOSE=1 npm test` shows every test's console output and handler logs at INFO. */
const verbose = Boolean(process.env.CX_VERBOSE);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration tests start real local servers on ephemeral ports; files run in parallel
    // workers but each file owns its servers.
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one on CI's two. Most integration time is
    // waiting on local servers and queues, so two files at once finish the suite ~18% sooner there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The api handler inlines the generated dashboard bundle (functions/dashboard/build.ts).
    globalSetup: ['test/setup/dashboard-bundle.ts'],
    // Console output of passing tests is dropped; a failing test's is shown.
    silent: verbose ? false : 'passed-only',
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? (verbose ? 'INFO' : 'ERROR'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
