import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFirstAdministrator } from '../src/bootstrap';
import { createDb } from '../src/db/database';
import { openPgliteFromTemplate, type Engine } from '../src/db/engine';
import type { Db } from '../src/db/schema';
import { loadTemplate } from '../src/db/template';
import { verifyPassword } from '../src/platform/auth/passwords';

// Production starts empty: always on a fresh embedded database, whatever the test engine.
let engine: Engine;
let db: Db;
beforeAll(async () => {
  engine = await openPgliteFromTemplate(await loadTemplate());
  db = createDb(engine);
});
afterAll(() => engine?.close());

describe('first administrator', () => {
  it('is created once from WAYPOINT_ADMIN_EMAIL / _PASSWORD on an empty database', async () => {
    expect(await createFirstAdministrator(db, undefined, undefined)).toBe('missing');
    await expect(createFirstAdministrator(db, 'boss@program.org', 'short')).rejects.toThrow(/at least 12/);
    expect(await createFirstAdministrator(db, 'boss@program.org', 'a-long-enough-passphrase')).toBe('created');
    const user = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(user).toMatchObject({ email: 'boss@program.org', role: 'administrator', active: true });
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(user.password_hash, 'a-long-enough-passphrase')).toBe(true);
    expect(await createFirstAdministrator(db, 'other@program.org', 'another-long-passphrase')).toBe('exists');
    expect((await db.selectFrom('users').select('id').execute()).length).toBe(1);
  });
});
