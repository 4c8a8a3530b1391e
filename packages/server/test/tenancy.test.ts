import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './harness';

// DESIGN.md principle 10 and docs/distribution.md: organization_id first in every primary key, unique
// index and foreign key, so the schema distributes by organization. Read from the migrated database
// itself, so every table a stage adds is held to it.

/** Tables that stay global, each named in docs/distribution.md. */
const global: Record<string, string> = {
  organizations: 'one row per tenant',
  users: 'sign-in by e-mail before the organization is known',
  sessions: 'a token is looked up before the organization is known',
  schema_migrations: 'migration bookkeeping',
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.close());

describe('tenancy keys', () => {
  it('put organization_id first in every primary key, unique index and foreign key', async () => {
    const { rows } = await sql<{ tbl: string; name: string; kind: string; first: string | null }>`
      select c.relname as tbl, i.relname as name, case when x.indisprimary then 'primary key' else 'unique index' end as kind,
             (select attname from pg_attribute where attrelid = c.oid and attnum = x.indkey[0]) as first
        from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and x.indisunique and c.relkind = 'r'
      union all
      select c.relname, k.conname, 'foreign key', (select attname from pg_attribute where attrelid = c.oid and attnum = k.conkey[1])
        from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = current_schema() and k.contype = 'f'`.execute(server.db);
    expect(rows.length).toBeGreaterThan(30);
    const offenders = rows
      .filter((r) => !(r.tbl in global) && r.first !== 'organization_id')
      // A foreign key to the organization itself is organization_id alone.
      .map((r) => `${r.tbl}: ${r.kind} ${r.name} starts with ${r.first}`);
    expect(offenders).toEqual([]);
  });
});
