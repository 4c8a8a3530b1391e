import { describe, expect, it } from 'vitest';
import { openPgliteFromTemplate } from './engine';
import { listMigrations, migrate } from './migrate';

describe('migrations', () => {
  it('are numbered, forward-only and idempotent on a fresh database', async () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual([...versions].sort());
    // Four-digit numbers, strictly increasing; each stage has its own range (therapy 0050–0059), so gaps are allowed.
    const numbers = versions.map((v) => Number(/^(\d{4})_/.exec(v)?.[1]));
    numbers.forEach((n, i) => expect(Number.isInteger(n) && (i === 0 ? n === 1 : n > numbers[i - 1])).toBe(true));
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
