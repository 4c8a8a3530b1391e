import { describe, expect, it } from 'vitest';
import { openPgliteFromTemplate } from './engine';
import { listMigrations, migrate } from './migrate';

describe('migrations', () => {
  it('are numbered, forward-only and idempotent on a fresh database', async () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual([...versions].sort());
    // Each stage has its own number range (admissions 0020–0029, ...): numbers strictly increase, gaps allowed.
    const numbers = versions.map((v) => Number(v.slice(0, 4)));
    numbers.forEach((n, i) => expect(n).toBeGreaterThan(i === 0 ? 0 : numbers[i - 1]));
    const engine = await openPgliteFromTemplate(undefined);
    try {
      expect(await migrate(engine)).toEqual(versions);
      expect(await migrate(engine)).toEqual([]);
      const { rows } = await engine.pool.query("select count(*)::int as n from pg_tables where tablename = 'patients'");
      expect(rows[0].n).toBe(1);
    } finally {
      await engine.close();
    }
  }, 60_000);
});
