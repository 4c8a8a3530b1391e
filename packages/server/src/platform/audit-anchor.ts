import fs from 'node:fs';
import type { Db } from '../db/schema';
import { chainAllAudit, signWithAuditKey, type AuditAnchor } from './audit';

/**
 * The head of every organization's audit chain, written every minute to a file outside the database
 * and signed with the chain key (security.md G.62): deleting the newest rows, or the whole table, no
 * longer leaves a consistent-looking log. Ship the file to separate storage for full protection.
 */
let anchorFile: string | null = null;
export function useAuditAnchorFile(file: string | null): void {
  anchorFile = file;
}

export async function writeAuditAnchors(db: Db, now: Date): Promise<void> {
  if (!anchorFile) return;
  const anchors: Record<string, AuditAnchor> = { ...readAuditAnchors() };
  // Rows committed but not yet linked are linked first, so the anchor covers them.
  await chainAllAudit(db);
  // One backward index step per organization: cheap however long the log grows.
  for (const org of await db.selectFrom('organizations').select('id').execute()) {
    const head = await db.selectFrom('audit_log').select(['seq', 'hash']).where('organization_id', '=', org.id).where('seq', 'is not', null).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    if (head) anchors[org.id] = { seq: head.seq!, hash: head.hash!, at: now.toISOString() };
  }
  const body = JSON.stringify(anchors);
  const tmp = `${anchorFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ anchors, signature: signWithAuditKey(body) }, null, 1));
  fs.renameSync(tmp, anchorFile);
}

/** The anchors, if the file exists and its signature holds; a forged or edited file is refused. */
export function readAuditAnchors(): Record<string, AuditAnchor> {
  if (!anchorFile || !fs.existsSync(anchorFile)) return {};
  const parsed = JSON.parse(fs.readFileSync(anchorFile, 'utf8')) as { anchors: Record<string, AuditAnchor>; signature: string };
  if (signWithAuditKey(JSON.stringify(parsed.anchors)) !== parsed.signature) {
    throw new Error(`The audit anchor file ${anchorFile} has been altered: its signature does not match.`);
  }
  return parsed.anchors;
}
