// `npm run audit:verify`: walks every organization's hash-chained audit log and reports the first
// broken link. Exit code 1 when any chain is broken. Uses DATABASE_URL, or the embedded database in
// WAYPOINT_DATA_DIR (stop the server first: the embedded database is single-process).
import { loadConfig } from '../config';
import { createDb } from '../db/database';
import { openEmbedded, openPostgres } from '../db/engine';
import { loadTemplate } from '../db/template';
import { chainAllAudit, useAuditKey, verifyAuditChain } from '../platform/audit';
import { resolveAuditKey } from '../platform/audit-key';
import { readAuditAnchors, useAuditAnchorFile } from '../platform/audit-anchor';
import path from 'node:path';

const config = loadConfig();
const engine = config.databaseUrl ? await openPostgres(config.databaseUrl, 2) : await openEmbedded(config.dataDir, loadTemplate);
useAuditKey(resolveAuditKey({ WAYPOINT_AUDIT_KEY: config.auditKey }, config.databaseUrl ? null : config.dataDir).key);
useAuditAnchorFile(config.auditAnchorFile ?? (config.databaseUrl ? null : path.join(config.dataDir, 'audit-anchors.json')));
const anchors = readAuditAnchors();
const db = createDb(engine);
let broken = 0;
try {
  // Rows committed but not yet linked (e.g. just before a crash) are linked first: each is checked
  // against its own MAC as it is, so linking cannot hide an edit.
  const linked = await chainAllAudit(db);
  if (linked) console.log(`linked ${linked} audit entries that were waiting for their place in the chain`);
  const orgs = await db.selectFrom('organizations').select(['id', 'name']).orderBy('name').execute();
  for (const org of orgs) {
    const r = await verifyAuditChain(db, org.id, anchors[org.id]);
    if (!r.ok) broken++;
    const anchorNote = r.anchorMismatch
      ? ` (entries after #${r.checked} are missing: the anchor of ${r.anchorMismatch.anchoredAt} records #${r.anchorMismatch.anchoredSeq})`
      : '';
    console.log(
      `${r.ok ? 'ok    ' : 'BROKEN'} ${org.name}: ${r.checked} entries verified${r.ok ? '' : `; first broken entry #${r.firstBrokenSeq}${anchorNote}${r.brokenUnchainedId ? ` (entry ${r.brokenUnchainedId} fails its own MAC)` : ''}`}`,
    );
  }
} finally {
  await engine.close();
}
process.exit(broken ? 1 : 0);
