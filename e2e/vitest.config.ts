import { defineConfig } from 'vitest/config';

// Browser journeys in Debian's Chromium through playwright-core, against the real server started
// as `npm start` would (embedded database in a temporary folder).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // A screen updates after a server round trip; on a loaded 2-core CI machine that can take seconds,
    // so polling assertions wait up to 15 s (the default 1 s made the front-desk journey flaky).
    expect: { poll: { timeout: 15_000 } },
  },
});
