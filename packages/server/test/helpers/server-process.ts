import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../../..');

/**
 * The server as `npm start` runs it (packages/server/src/main.ts), in a process of its own on a random
 * port; resolves once it says it is running. Node itself runs it (not the tsx wrapper), so a signal
 * sent to the child reaches the server.
 */
export function spawnServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; port: number }> {
  const port = 20_000 + Math.floor(Math.random() * 5000);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'packages/server/src/main.ts')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes('Waypoint is running')) {
        clearInterval(timer);
        resolve({ child, url: `http://127.0.0.1:${port}`, port });
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`server exited (${code}):\n${out}`));
    });
  });
}
