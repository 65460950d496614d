import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration tests start real local servers on ephemeral ports; files run in parallel
    // workers but each file owns its servers.
    pool: 'forks',
    // The api handler inlines the generated dashboard bundle (functions/dashboard/build.ts).
    globalSetup: ['test/setup/dashboard-bundle.ts'],
  },
});
