import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // Real servers and bcrypt at the configured cost: generous, but a hung call still fails.
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // The suites share one database per backend and some checks compare store-wide totals
    // ("nothing was stored"): files run one at a time on any machine, as they do on 2 cores.
    fileParallelism: false,
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
