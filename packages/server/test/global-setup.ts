import { loadTemplate } from '../src/db/template';
import { openPostgres } from '../src/db/engine';
import { migrate } from '../src/db/migrate';

/**
 * Once per test run: build the migrated PGlite template (each test file loads it in about a second),
 * or, when WAYPOINT_TEST_DATABASE_URL is set, migrate that PostgreSQL database. Test files share it;
 * each builds its own organization with the factories, so they never see each other's rows.
 */
export default async function setup(): Promise<void> {
  const url = process.env.WAYPOINT_TEST_DATABASE_URL;
  if (url) {
    const engine = await openPostgres(url, 1);
    try {
      await migrate(engine);
    } finally {
      await engine.close();
    }
  } else {
    await loadTemplate();
  }
}
