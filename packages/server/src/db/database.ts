import { Kysely, PostgresDialect } from 'kysely';
import type { Engine } from './engine';
import type { Database, Db } from './schema';

/** The typed query builder over either engine's pool. */
export function createDb(engine: Engine): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: engine.pool }) });
}
