// Run at install (root postinstall): builds the migrated PGlite template so the first `npm start`
// opens a ready database in about a second instead of running initdb and every migration.
import { loadTemplate } from './template';

const t = Date.now();
await loadTemplate();
console.log(`Waypoint: embedded database template ready (${((Date.now() - t) / 1000).toFixed(1)} s)`);
