import { z } from 'zod';
import { instant, pageOf } from '../../platform/http/wire';

export const auditEntrySchema = z.object({
  /** The chain number; null for the moment between commit and chaining. */
  seq: z.number().int().nullable(),
  id: z.uuid(),
  occurredAt: instant,
  userId: z.uuid().nullable(),
  userName: z.string().nullable(),
  role: z.string().nullable(),
  patientId: z.uuid().nullable(),
  patientName: z.string().nullable(),
  resourceType: z.string(),
  resourceId: z.string().nullable(),
  action: z.string(),
  outcome: z.enum(['success', 'denied', 'failure']),
  sourceIp: z.string().nullable(),
  requestId: z.string().nullable(),
});
export const auditPage = pageOf(auditEntrySchema);

export const chainVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBrokenSeq: z.number().int().nullable(),
  /** Set when the chain is intact but shorter than, or different from, the anchor kept outside the database. */
  anchorMismatch: z.object({ anchoredSeq: z.number().int(), anchoredAt: z.string() }).optional(),
  /** Set when the anchor file itself could not be read (altered or corrupt). */
  anchorAltered: z.string().optional(),
  /** Rows committed but not yet linked into the chain (each checked against its own MAC). */
  unchained: z.number().int().optional(),
  /** An unchained row whose MAC fails: edited, or inserted by hand. */
  brokenUnchainedId: z.uuid().optional(),
});
