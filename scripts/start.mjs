// `npm start`: the compiled server (packages/server/dist/main.js), rebuilt first only if a source is
// newer than the build (it is built at install), and the web app likewise.
import module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildServer, buildWeb, root, serverStale, webStale } from './build.mjs';

// Node 22+: compiled code is cached on disk, so a restart skips most of the parsing (Node 20 lacks it).
module.enableCompileCache?.();

if (serverStale()) await buildServer();
if (webStale()) {
  console.log('Building the web app…');
  buildWeb();
}
await import(pathToFileURL(path.join(root, 'packages/server/dist/main.js')).href);
