// `npm start`: build the web app if it is missing or older than its sources, then run the server.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const web = path.join(root, 'packages/web');
const built = path.join(web, 'dist/index.html');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const stale = !fs.existsSync(built) || newest(path.join(web, 'src')) > fs.statSync(built).mtimeMs;
if (stale && fs.existsSync(path.join(web, 'src'))) {
  console.log('Building the web app…');
  const r = spawnSync('npm', ['run', 'build', '-w', '@waypoint/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const tsx = path.join(root, 'node_modules/.bin/tsx');
// A small young generation keeps the embedded server's resident memory low at idle (issue 13: the
// default semi-spaces alone hold ~40 MB); NODE_OPTIONS set by the operator wins.
const env = process.env.NODE_OPTIONS ? process.env : { ...process.env, NODE_OPTIONS: '--max-semi-space-size=2' };
const child = spawn(tsx, [path.join(root, 'packages/server/src/main.ts')], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
