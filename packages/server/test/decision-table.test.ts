import { describe, expect, it } from 'vitest';
import { stages } from '../src/app/stages';

// The decision table, as reviewed: every grant with its scope and reason. Widening a scope or adding a
// grant changes this file, so it is a deliberate, reviewed change (the scope matrix in scope.test.ts
// then checks the code honours the new entry). Update with `npx vitest run -u` after review.

describe('the decision table', () => {
  it('matches the reviewed grants, each with its reason', async () => {
    const lines = stages.flatMap((s) =>
      Object.entries(s.grants).flatMap(([resource, actions]) =>
        Object.entries(actions).flatMap(([action, grants]) =>
          Object.entries(grants ?? {}).map(([role, g]) => `${resource}.${action}\t${role}\t${g!.scope}${g!.audienceOnly ? ' (audience only)' : ''}\t${g!.why}`),
        ),
      ),
    );
    await expect(lines.join('\n') + '\n').toMatchFileSnapshot('./__snapshots__/decision-table.tsv');
  });
});
