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

/**
 * Moves each organization's anchor to its chain's head, but only when the head extends the previous
 * anchor (the previously anchored row is still there with the same hash). Otherwise rows were deleted
 * or rewritten: the old anchor is kept, so verification keeps reporting the break, and it is logged
 * loudly. Returns the organizations whose anchor was refused.
 */
export async function writeAuditAnchors(db: Db, now: Date): Promise<{ refused: string[] }> {
  const refused: string[] = [];
  if (!anchorFile) return { refused };
  const anchors: Record<string, AuditAnchor> = { ...readAuditAnchors() };
  // Rows committed but not yet linked are linked first, so the anchor covers them.
  await chainAllAudit(db);
  // The chain's head as the chainer keeps it (one primary-key probe, whatever the statistics say: the
  // embedded database never analyzes on its own) and one lookup of the anchored row: cheap however long
  // the log grows.
  for (const org of await db.selectFrom('organizations').select('id').execute()) {
    const head = await db.selectFrom('audit_chain_heads').select(['seq', 'hash']).where('organization_id', '=', org.id).executeTakeFirst();
    const previous = anchors[org.id];
    if (previous) {
      const anchored = await db.selectFrom('audit_log').select('hash').where('organization_id', '=', org.id).where('seq', '=', previous.seq).executeTakeFirst();
      if (!head || Number(head.seq) < Number(previous.seq) || !anchored || anchored.hash !== previous.hash) {
        refused.push(org.id);
        console.error(
          `AUDIT CHAIN BROKEN: organization ${org.id}: the log no longer contains the row anchored at seq ${previous.seq} (${previous.at}) with its hash; the anchor is kept and not moved. Investigate: rows were deleted or rewritten.`,
        );
        continue;
      }
    }
    if (head) anchors[org.id] = { seq: head.seq!, hash: head.hash!, at: now.toISOString() };
  }
  const body = JSON.stringify(anchors);
  const tmp = `${anchorFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ anchors, signature: signWithAuditKey(body) }, null, 1));
  fs.renameSync(tmp, anchorFile);
  return { refused };
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
