import { defineConfig } from 'vitest/config';

// Two test projects: pure clinical rules (small tests) and the server (API tests over real HTTP on a
// real database: PGlite by default, PostgreSQL when WAYPOINT_TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'clinical',
          include: ['packages/clinical/src/**/*.test.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'server',
          include: ['packages/server/src/**/*.test.ts', 'packages/server/test/**/*.test.ts'],
          globalSetup: ['packages/server/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          sequence: { groupOrder: 1 },
          maxWorkers: 2,
        },
      },
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/clinical/src/**/*.ts'],
      exclude: ['**/*.test.ts'],
      thresholds: { lines: 95 },
    },
  },
});
