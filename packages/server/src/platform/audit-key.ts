import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * The audit chain's key: WAYPOINT_AUDIT_KEY (production on PostgreSQL: keep it in your secret store,
 * not in the database), or for the embedded database a random key created once in the data folder.
 */
export function resolveAuditKey(env: NodeJS.ProcessEnv, embeddedDataDir: string | null): { key: string; source: string } {
  const fromEnv = env.WAYPOINT_AUDIT_KEY;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error('WAYPOINT_AUDIT_KEY must be at least 32 characters.');
    return { key: fromEnv, source: 'WAYPOINT_AUDIT_KEY' };
  }
  if (embeddedDataDir) {
    const file = path.join(embeddedDataDir, 'audit.key');
    if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
    return { key: fs.readFileSync(file, 'utf8').trim(), source: file };
  }
  return { key: 'waypoint-development-audit-key', source: 'development default (set WAYPOINT_AUDIT_KEY)' };
}
