import { defineConfig } from 'vitest/config';

// Browser journeys in Debian's Chromium through playwright-core, against the real server started
// as `npm start` would (embedded database in a temporary folder).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
