import { describe, expect, it } from 'vitest';
import { openPgliteFromTemplate } from './engine';
import { listMigrations, migrate } from './migrate';

describe('migrations', () => {
  it('are numbered, forward-only and idempotent on a fresh database', async () => {
    const versions = listMigrations().map((m) => m.version);
    expect(versions).toEqual([...versions].sort());
    versions.forEach((v, i) => expect(v.startsWith(String(i + 1).padStart(4, '0'))).toBe(true));
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
