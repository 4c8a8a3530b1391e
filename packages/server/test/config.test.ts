import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const root = path.resolve(import.meta.dirname, '../../..');

describe('configuration', () => {
  it('reads the defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', demo: true, logLevel: 'warn', sweepSeconds: undefined, secureCookies: false });
  });

  it('reads what is set', () => {
    const c = loadConfig({ PORT: '9090', LOG_LEVEL: 'debug', WAYPOINT_SWEEP_SECONDS: '15', DATABASE_URL: 'postgres://u@h/db', WAYPOINT_SECURE_COOKIES: '1' });
    expect(c).toMatchObject({ port: 9090, logLevel: 'debug', sweepSeconds: 15, demo: false, secureCookies: true, databaseUrl: 'postgres://u@h/db' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number from 1 to 65535 \(got "eighty"\)/],
    [{ PORT: '0' }, /PORT must be a whole number from 1 to 65535/],
    [{ PORT: '70000' }, /PORT must be a whole number from 1 to 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/],
    [{ WAYPOINT_SWEEP_SECONDS: '-5' }, /WAYPOINT_SWEEP_SECONDS must be a whole number from 1 to 86400/],
    [{ WAYPOINT_DEMO: 'yes' }, /WAYPOINT_DEMO must be 1 \(on\) or 0 \(off\)/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ WAYPOINT_AUDIT_KEY: 'short' }, /WAYPOINT_AUDIT_KEY must be at least 32 characters$/],
  ])('refuses %j, naming the setting and the rule', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('names every bad setting at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT .*; LOG_LEVEL /);
  });

  it('a bad PORT stops the server at start with one clear line, before it opens the database', () => {
    const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['packages/server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'abc', WAYPOINT_DATA_DIR: path.join(root, '.tmp/config-test-never-created') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe('Waypoint cannot start: PORT must be a whole number from 1 to 65535 (got "abc")');
    expect(r.stdout).not.toMatch(/running/);
  });
});
