// `npm start`: the compiled server (packages/server/dist/main.js), rebuilt first only if a source is
// newer than the build (it is built at install), and the web app likewise.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildServer, buildWeb, root, serverStale, webStale } from './build.mjs';

if (serverStale()) await buildServer();
if (webStale()) {
  console.log('Building the web app…');
  buildWeb();
}
// A small young generation keeps the embedded server's resident memory low at idle (issue 13: the
// default semi-spaces alone hold ~40 MB); NODE_OPTIONS set by the operator wins. Node 22+ caches the
// compiled code on disk (NODE_COMPILE_CACHE), so a restart skips most of the parsing.
const flags = process.env.NODE_OPTIONS ? [] : ['--max-semi-space-size=2'];
// glibc raises its mmap threshold each time a large block is freed, and from then on keeps freed
// memory instead of handing it back: unpacking the database template and seeding the demo left ~90 MB
// resident for good (first start idled at 330 MB, 243 MB with the threshold fixed; a restart 257 →
// 201 MB). A fixed threshold returns large blocks when they are freed. Other C libraries ignore it.
const env = { NODE_COMPILE_CACHE: path.join(root, 'node_modules/.cache/waypoint-compile'), MALLOC_MMAP_THRESHOLD_: '131072', ...process.env };
const child = spawn(process.execPath, [...flags, path.join(root, 'packages/server/dist/main.js')], { cwd: root, stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
