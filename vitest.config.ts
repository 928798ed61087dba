import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every zone file the file provider writes in the run must pass named-checkzone (test/support/zone-audit).
    globalSetup: ['test/support/zone-audit/global-setup.ts'],
    reporters: ['default'],
  },
});
