// Production build: the server, with the clinical rules it imports, bundled to compiled JavaScript in
// packages/server/dist (dependencies stay in node_modules), and the web app to packages/web/dist.
// Run at install (postinstall) and by `npm start` when a source is newer than its build.
//   node scripts/build.mjs [server|web]   (both when no argument)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const root = path.resolve(import.meta.dirname, '..');
const server = path.join(root, 'packages/server');
const web = path.join(root, 'packages/web');

/** The server's entry points: `npm start`, the install-time template build, `npm run audit:verify`. */
const entries = { main: 'src/main.ts', 'build-template': 'src/db/build-template.ts', 'verify-audit': 'src/cli/verify-audit.ts' };

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const builtAt = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

export const serverStale = () =>
  builtAt(path.join(server, 'dist/main.js')) <
  Math.max(newest(path.join(server, 'src')), newest(path.join(root, 'packages/clinical/src')), builtAt(path.join(root, 'package-lock.json')));
export const webStale = () => fs.existsSync(path.join(web, 'src')) && builtAt(path.join(web, 'dist/index.html')) < newest(path.join(web, 'src'));

export async function buildServer() {
  const { build } = await import('esbuild');
  const pkg = JSON.parse(fs.readFileSync(path.join(server, 'package.json'), 'utf8'));
  const deps = Object.keys(pkg.dependencies ?? {});
  await build({
    absWorkingDir: server,
    entryPoints: entries,
    outdir: path.join(server, 'dist'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: true,
    // Our own code (server and @waypoint/clinical) is compiled in; the dependencies load from node_modules.
    external: deps.flatMap((d) => [d, `${d}/*`]),
    logLevel: 'warning',
  });
}

export function buildWeb() {
  const r = spawnSync('npm', ['run', 'build', '-w', '@waypoint/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const what = process.argv[2];
  const t = Date.now();
  if (what !== 'web') await buildServer();
  if (what !== 'server') buildWeb();
  console.log(`Waypoint: built ${what ?? 'server and web app'} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
}
