import { defineConfig } from 'vitest/config';

// The tests a mutation run (npm run mutation, Stryker) uses: the clinical rules' tests and the decision
// table's focused unit test. No database, so each mutant is judged in milliseconds.
export default defineConfig({
  test: {
    include: ['packages/clinical/src/**/*.test.ts', 'packages/server/src/platform/permissions/decision-table.test.ts'],
  },
});
