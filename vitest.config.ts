import { defineConfig } from 'vitest/config';

// Test projects: pure clinical rules (small tests), the web app's components, and the server (API tests over real HTTP on a
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
        // Component tests of the web app: React in happy-dom, typed into key by key with user-event, the
        // network faked with JSON checked against the server's response schemas.
        test: {
          name: 'web',
          include: ['packages/web/test/**/*.test.tsx'],
          environment: 'happy-dom',
          environmentOptions: { happyDOM: { url: 'http://localhost/' } },
          setupFiles: ['packages/web/test/setup.ts'],
          testTimeout: 30_000,
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
