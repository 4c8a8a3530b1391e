import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { lockDataDir } from './lock';

// Calendar dates (birth dates) stay 'YYYY-MM-DD' strings: a Date would shift them by the server's time
// zone. int8 (counts, audit sequence numbers) fits a JS number for any realistic table.
pg.types.setTypeParser(1082, (v: string) => v);
pg.types.setTypeParser(20, (v: string) => Number(v));

/** One database, embedded or server, behind a pg.Pool so there is one code path (stack.md §4). */
export interface Engine {
  kind: 'pglite' | 'postgres';
  pool: pg.Pool;
  /** Runs a multi-statement SQL script (migrations). Never while a request holds the pool. */
  execScript(sql: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The extensions the migrations create: pg_trgm (name search) and btree_gin (a trigram index that also
 * carries the organization and facility, migration 0062). PostgreSQL ships them in contrib.
 */
export const extensions = { pg_trgm, btree_gin };

/**
 * PGlite's own start parameters plus a smaller buffer cache (issue 13, "lean process"): PostgreSQL's
 * default 128 MB of shared buffers lives inside the WebAssembly heap, which never shrinks once
 * touched, and was the largest single share of the embedded server's ~510 MB at idle. A program's
 * working set fits in 16 MB; the operating system's file cache holds the rest.
 * WAYPOINT_PGLITE_SHARED_BUFFERS overrides it (e.g. 64MB).
 */
function embeddedStartParams(): string[] {
  const sharedBuffers = process.env.WAYPOINT_PGLITE_SHARED_BUFFERS ?? '16MB';
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
}

/**
 * Every statement here is short and indexed; PostgreSQL's JIT compiles a plan whose *estimated* cost
 * passes jit_above_cost, and a scope check's subplan estimate does that: patient search spent 190 ms
 * compiling a query that ran in 6 ms. JIT is off for the app's sessions (OLTP guidance). So are
 * parallel workers: starting them costs more than the 1,000-row scans they share, and on a busy
 * 2-core machine they wait for a core (network-scale patient search, 1,000,000 patients: "walker"
 * 54 ms with two workers, 11 ms without; "smi" 44 against 15, issue 13).
 */
export const postgresSessionOptions = '-c jit=off -c max_parallel_workers_per_gather=0';

/**
 * Server-side prepared statements for the statements the app repeats (issue 13). PostgreSQL spent
 * ~1 ms parsing and planning the chart header's query, which then ran in 0.05 ms (pgbench on this
 * machine: 811 a second sent as text each time, 20,254 prepared). A parameterized statement whose
 * text this process has sent `prepareAfter` times is prepared, named by its hash, on each connection
 * that runs it from then on: PostgreSQL's JDBC driver does the same (prepareThreshold 5), and
 * PostgreSQL keeps a custom plan for parameters that a generic plan would serve badly. A connection
 * keeps at most `maxPerConnection`; the rest are sent as text. PostgreSQL replans a prepared
 * statement when a table it reads changes. A statement that matches text against a pattern (LIKE:
 * patient search) is always sent as text, so it is always planned for its pattern: how selective
 * '%smi%' is decides the right plan, and a generic plan is made without knowing it.
 */
const matchesPatterns = /\b(i?like|similar to)\b/i;

export function prepareRepeatedStatements(pool: pg.Pool, prepareAfter = 5, maxPerConnection = 250): void {
  const seen = new Map<string, { count: number; name: string | null }>();
  pool.on('connect', (client) => {
    const prepared = new Set<string>();
    const send = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
      if (typeof config === 'string' && Array.isArray(values) && values.length > 0 && callback === undefined && !matchesPatterns.test(config)) {
        let s = seen.get(config);
        if (!s) {
          // Statement texts that vary (lists of ids of any length) would grow this without end.
          if (seen.size >= 10_000) seen.clear();
          seen.set(config, (s = { count: 0, name: null }));
        }
        if (++s.count >= prepareAfter) {
          s.name ??= `wp_${createHash('sha1').update(config).digest('hex').slice(0, 24)}`;
          if (prepared.has(s.name) || prepared.size < maxPerConnection) {
            prepared.add(s.name);
            return send({ name: s.name, text: config, values });
          }
        }
      }
      return send(config, values, callback);
    }) as typeof client.query;
  });
}

export async function openPostgres(url: string, max = 10): Promise<Engine> {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 10_000, options: postgresSessionOptions });
  prepareRepeatedStatements(pool);
  await pool.query('select 1');
  return {
    kind: 'postgres',
    pool,
    async execScript(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}

/** Opens PGlite in memory from a saved, migrated template (tests and first start). */
export async function openPgliteFromTemplate(template: Blob | undefined, dataDir?: string): Promise<Engine> {
  const pglite = await PGlite.create(dataDir ?? 'memory://', { extensions, loadDataDir: template });
  return wrapPglite(pglite, () => {});
}

/**
 * The embedded database in a folder: lock the folder, create it from the template on first start
 * (initdb alone takes ~6 s), reopen it after.
 */
export async function openEmbedded(dataDir: string, template: () => Promise<Blob>): Promise<Engine> {
  const unlock = lockDataDir(dataDir);
  try {
    const pgdir = path.join(dataDir, 'pgdata');
    const exists = fs.existsSync(path.join(pgdir, 'PG_VERSION'));
    if (!exists) {
      // First start: unpack the template into the folder, then reopen it, so the template (tens of
      // MB, unpacked in memory) is not kept alive by the instance that serves (lean process, issue 13).
      const first = await PGlite.create(pgdir, { extensions, startParams: embeddedStartParams(), loadDataDir: await template() });
      await first.close();
    }
    const pglite = await PGlite.create(pgdir, { extensions, startParams: embeddedStartParams() });
    return wrapPglite(pglite, unlock);
  } catch (err) {
    unlock();
    throw err;
  }
}

function wrapPglite(pglite: PGlite, unlock: () => void): Engine {
  // PGlite is one session: poolSize 1. A connection time-out makes a nested pool call fail loudly
  // instead of deadlocking (stack.md §3).
  const pool = new pg.Pool({ ...createPgConfig(pglite), connectionTimeoutMillis: 15_000 });
  return {
    kind: 'pglite',
    pool,
    async execScript(sql) {
      await pglite.exec(sql);
    },
    async close() {
      await pool.end();
      await pglite.close();
      unlock();
    },
  };
}
