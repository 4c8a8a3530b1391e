import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { migrationsDir } from '../platform/paths';
import type { Engine } from './engine';

const dir = migrationsDir;

export interface Migration {
  version: string;
  sql: string;
}

/** Numbered, forward-only SQL migrations: 0001_name.sql, 0002_name.sql, ... */
export function listMigrations(): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Identifies a schema: the template built for one set of migrations is reused until they change. */
export function migrationsFingerprint(): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(m.version).update(m.sql);
  return h.digest('hex').slice(0, 16);
}

export async function migrate(engine: Engine): Promise<string[]> {
  await engine.execScript('create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())');
  const { rows } = await engine.pool.query<{ version: string }>('select version from schema_migrations');
  const applied = new Set(rows.map((r) => r.version));
  const ran: string[] = [];
  for (const m of listMigrations()) {
    if (applied.has(m.version)) continue;
    // Each migration and its bookkeeping row commit together, or not at all.
    await engine.execScript(`begin;\n${m.sql}\n;insert into schema_migrations (version) values ('${m.version.replace(/'/g, "''")}');\ncommit;`);
    ran.push(m.version);
  }
  return ran;
}
