import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The server package's folder, whether this runs from source (src/platform/paths.ts, under tsx in the
// tests) or from the production bundle (dist/*.js, see scripts/build.mjs).
const here = path.dirname(fileURLToPath(import.meta.url));
export const serverRoot = fs.existsSync(path.join(here, '../package.json')) ? path.resolve(here, '..') : path.resolve(here, '../..');

/** The SQL migrations, read at start (they ship as files, not inside the bundle). */
export const migrationsDir = path.join(serverRoot, 'src/db/migrations');
/** The migrated embedded-database template, built at install. */
export const templateDir = path.join(serverRoot, '.template');
/** The built web app. */
export const webDistDir = path.resolve(serverRoot, '../web/dist');
