import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { openPostgres, postgresSessionOptions, prepareRepeatedStatements } from '../src/db/engine';

/** Server-side prepared statements for repeated statements (db/engine.ts); PostgreSQL only. */
const url = process.env.WAYPOINT_TEST_DATABASE_URL;

const preparedHere = async (c: pg.PoolClient) =>
  (await c.query("select name, statement from pg_prepared_statements where name like 'wp\\_%' order by name")).rows as { name: string; statement: string }[];

describe.skipIf(!url)('repeated statements on PostgreSQL', () => {
  it('are prepared from their fifth use on, answer as before, and a statement without parameters never is', async () => {
    const engine = await openPostgres(url!, 1);
    const c = await engine.pool.connect();
    try {
      const add = (n: number) => c.query('select $1::int + 1 as v', [n]);
      for (let i = 0; i < 4; i++) expect((await add(i)).rows[0].v).toBe(i + 1);
      expect(await preparedHere(c)).toEqual([]);
      expect((await add(10)).rows[0].v).toBe(11);
      expect((await add(20)).rows[0].v).toBe(21);
      const prepared = await preparedHere(c);
      expect(prepared.map((p) => p.statement)).toEqual(['select $1::int + 1 as v']);
      for (let i = 0; i < 6; i++) await c.query('select 1 as one');
      expect(await preparedHere(c)).toHaveLength(1);
      // A pattern match is planned for its own pattern every time.
      for (let i = 0; i < 6; i++) await c.query("select 'james smith' like '%' || $1 || '%' as hit", ['smi']);
      expect(await preparedHere(c)).toHaveLength(1);
      // An error in a prepared statement leaves the connection usable and the statement prepared.
      await expect(c.query('select 1 / ($1::int - 1) as v', [1])).rejects.toThrow(/division by zero/);
    } finally {
      c.release();
      await engine.close();
    }
  });

  it('are kept to the limit on each connection; the rest are sent as text and still answered', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1, options: postgresSessionOptions });
    prepareRepeatedStatements(pool, 1, 2);
    const c = await pool.connect();
    try {
      for (const k of [1, 2, 3, 4]) expect((await c.query(`select $1::int * ${k} as v`, [5])).rows[0].v).toBe(5 * k);
      expect((await preparedHere(c)).map((p) => p.statement)).toEqual(expect.arrayContaining(['select $1::int * 1 as v', 'select $1::int * 2 as v']));
      expect(await preparedHere(c)).toHaveLength(2);
    } finally {
      c.release();
      await pool.end();
    }
  });
});
