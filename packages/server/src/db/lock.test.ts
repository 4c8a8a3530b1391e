import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock';

describe('data folder lock', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'wp-lock-'));

  it('refuses a second holder while the first is alive', () => {
    const d = dir();
    const unlock = lockDataDir(d);
    // Same pid is alive: simulate another live process by writing the parent's pid.
    fs.writeFileSync(path.join(d, 'waypoint.lock'), String(process.ppid));
    expect(() => lockDataDir(d)).toThrow(DataDirLockedError);
    fs.writeFileSync(path.join(d, 'waypoint.lock'), String(process.pid));
    unlock();
    expect(fs.existsSync(path.join(d, 'waypoint.lock'))).toBe(false);
  });

  it('takes over a stale lock whose process has gone', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'waypoint.lock'), '999999999');
    const unlock = lockDataDir(d);
    expect(fs.readFileSync(path.join(d, 'waypoint.lock'), 'utf8')).toBe(String(process.pid));
    unlock();
  });
});
