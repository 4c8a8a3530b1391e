import type { AddressInfo } from 'node:net';
import { createDb } from '../packages/server/src/db/database';
import { openPostgres } from '../packages/server/src/db/engine';
import { buildWaypoint } from '../packages/server/src/app/server';
import { testPassword } from '../packages/server/test/factories';
import { ApiClient } from '../packages/server/test/harness';

/**
 * Serves, in this process, a bench organization an earlier `BENCH_KEEP=1 npm run bench` left in the
 * bench database, signed in as its nurse, with the ids the hot paths need.
 */
export async function serveKeptOrganization(organizationId: string) {
  const target = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/waypoint_bench';
  const engine = await openPostgres(target, 10);
  const db = createDb(engine);
  const inOrg = <T extends { where: (c: 'organization_id', op: '=', v: string) => T }>(q: T) => q.where('organization_id', '=', organizationId);
  const nurse = await inOrg(db.selectFrom('users').select(['email']))
    .where('role', '=', 'nurse')
    .orderBy('email')
    .executeTakeFirstOrThrow();
  const facility = await inOrg(db.selectFrom('facilities').select('id')).orderBy('id').executeTakeFirstOrThrow();
  const patient = await inOrg(db.selectFrom('patients').select('id')).where('mrn', 'like', 'B%').executeTakeFirstOrThrow();
  const courses = await inOrg(db.selectFrom('wm_courses').select(['id', 'protocol']))
    .where('status', '=', 'active')
    .execute();
  const app = await buildWaypoint({ engine, db, webDist: '/nonexistent', logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const client = new ApiClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  await client.signIn(nurse.email, testPassword);
  const close = async () => {
    await app.close();
    await engine.close();
  };
  return { client, facilityId: facility.id, patientId: patient.id, courses, close };
}
