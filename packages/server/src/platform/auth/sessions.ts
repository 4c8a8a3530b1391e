import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../db/schema';
import { HttpProblem, problems } from '../problems';
import type { Role } from '@waypoint/clinical/care/roles';
import { isStaff } from '../permissions/roles';
import { tokenHash } from './tokens';

export const sessionCookie = 'wp_session';
/** Polling requests carry this header; they never keep an idle session alive (security.md B). */
export const backgroundHeader = 'x-waypoint-background';
/** A session ends after this long however active it is (security.md B.15); then sign in again. */
export const absoluteLifetimeMs = 12 * 3_600_000;
/**
 * The idle clock moves in steps of at most this much: a request within 15 s of the last move does not
 * write the session again. Moving it on every request was a write and a commit flush per request (a
 * nurse's screen sends several at once), for a time-out counted in minutes. An idle session therefore
 * ends up to 15 s before its time-out, never after it.
 */
export const idleClockStepMs = 15_000;

export interface Session {
  tokenHash: string;
  /** 'display': a wall screen's credential for one facility's unit board, and nothing else. */
  kind: 'session' | 'api-token' | 'display';
  /** The one facility a display credential shows (null for other kinds). */
  displayFacilityId: string | null;
  organizationId: string;
  userId: string;
  role: Role;
  displayName: string;
  email: string;
  mfaEnabled: boolean;
  mfaVerified: boolean;
  mfaRequired: boolean;
  patientId: string | null;
  facilityIds: string[];
  /** A bearer token's "resource.action" pairs; null for a browser session (its role decides alone). */
  scopes: string[] | null;
}

export function displayRefused(): HttpProblem {
  return new HttpProblem(403, 'Forbidden', 'A display credential shows its unit board and nothing else.', { rule: 'display-credential' });
}

export function presentedToken(req: FastifyRequest): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return req.cookies?.[sessionCookie];
}

/**
 * Finds the live session behind the cookie or bearer token. An idle session (past the organization's
 * time-out since the last foreground request) is ended here and answered 401.
 */
export async function authenticate(db: Db, req: FastifyRequest, now: Date, opts: { display?: boolean } = {}): Promise<Session> {
  const token = presentedToken(req);
  if (!token) throw problems.unauthenticated();
  const hash = tokenHash(token);
  // A foreground request moves the idle clock in the same statement as the read (a data-modifying
  // CTE: the select still sees the previous last_seen_at, so the idle check below measures the gap
  // before this request), unless it moved within the last step. Background polls never move it.
  const foreground = req.headers[backgroundHeader] !== '1';
  const row = await db
    .with('touched', (qb) =>
      qb
        .updateTable('sessions')
        .set({ last_seen_at: now })
        .where('token_hash', '=', hash)
        .where('kind', '=', 'session')
        .where('ended_at', 'is', null)
        .where(sql<boolean>`${foreground}`)
        .where('last_seen_at', '<=', new Date(now.getTime() - idleClockStepMs))
        .returning('token_hash'),
    )
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('organizations as o', 'o.id', 's.organization_id')
    .leftJoin('patients as p', 'p.user_id', 'u.id')
    .select([
      's.kind',
      's.facility_id',
      's.organization_id',
      's.user_id',
      's.mfa_verified',
      's.last_seen_at',
      's.created_at',
      's.ended_at',
      's.scopes',
      's.expires_at',
      'u.role',
      'u.display_name',
      'u.email',
      'u.active',
      'u.mfa_enabled',
      'o.mfa_required',
      'o.idle_timeout_minutes',
      'p.id as patient_id',
      // The facility scope in the same round trip (issue 13: session, user and scope in one query).
      sql<string[]>`array(select uf.facility_id::text from user_facilities uf where uf.organization_id = s.organization_id and uf.user_id = s.user_id)`.as(
        'facility_ids',
      ),
    ])
    .where('s.token_hash', '=', hash)
    .executeTakeFirst();
  if (!row || row.ended_at || !row.active) throw problems.unauthenticated();
  if (row.kind === 'api-token' && (!row.expires_at || row.expires_at <= now)) {
    throw new HttpProblem(401, 'Token expired', 'This API token has expired: issue a new one.', { rule: 'token-expired' });
  }
  // A display credential is accepted only where the route pipeline confines it (its unit board).
  if (row.kind === 'display' && !opts.display) throw displayRefused();
  if (row.kind === 'session') {
    if (now.getTime() - row.created_at.getTime() > absoluteLifetimeMs) {
      await db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', hash).execute();
      throw new HttpProblem(401, 'Session expired', 'Sessions last at most 12 hours: sign in again.', { rule: 'session-lifetime' });
    }
    const idleMs = now.getTime() - row.last_seen_at.getTime();
    if (idleMs > row.idle_timeout_minutes * 60_000) {
      await db.updateTable('sessions').set({ ended_at: now }).where('token_hash', '=', hash).execute();
      throw new HttpProblem(401, 'Session expired', 'You were signed out after a period of inactivity.', {
        rule: 'idle-timeout',
      });
    }
  }
  const role = row.role as Role;
  // A display reads one facility's board in the background all day: no idle time-out, no lifetime; an
  // administrator ends it. It reaches that facility only, whoever issued it.
  if (row.kind === 'display') {
    return {
      tokenHash: hash,
      kind: 'display',
      displayFacilityId: row.facility_id,
      scopes: null,
      organizationId: row.organization_id,
      userId: row.user_id,
      role: row.role as Role,
      displayName: row.display_name,
      email: row.email,
      mfaEnabled: false,
      mfaVerified: true,
      mfaRequired: false,
      patientId: null,
      facilityIds: row.facility_id ? [row.facility_id] : [],
    };
  }
  return {
    tokenHash: hash,
    kind: row.kind,
    displayFacilityId: null,
    organizationId: row.organization_id,
    userId: row.user_id,
    role,
    displayName: row.display_name,
    email: row.email,
    mfaEnabled: row.mfa_enabled,
    // Bearer tokens are issued by an administrator who passed MFA; they carry no second factor.
    mfaVerified: row.kind === 'api-token' || row.mfa_verified,
    mfaRequired: isStaff(role) && (row.mfa_enabled || row.mfa_required),
    patientId: row.patient_id ?? null,
    facilityIds: row.facility_ids,
    scopes: row.kind === 'api-token' ? (row.scopes ?? []) : null,
  };
}

export async function endUserSessions(db: Db, userId: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ ended_at: now }).where('user_id', '=', userId).where('ended_at', 'is', null).execute();
}

/** An integration's bearer token, issued by an administrator (stored only as its hash). */
/** A display credential for one facility's unit board, issued by an administrator (who answers for it, as for API tokens). */
export async function issueDisplayToken(
  db: Db,
  t: { tokenHash: string; organizationId: string; userId: string; facilityId: string; name: string; now: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: t.tokenHash,
      organization_id: t.organizationId,
      user_id: t.userId,
      kind: 'display',
      facility_id: t.facilityId,
      name: t.name,
      mfa_verified: true,
      created_at: t.now,
      last_seen_at: t.now,
      ended_at: null,
    })
    .execute();
}

/** Ends every display credential of a facility; returns how many were live. */
export async function endDisplayTokens(db: Db, organizationId: string, facilityId: string, now: Date): Promise<number> {
  const rows = await db
    .updateTable('sessions')
    .set({ ended_at: now })
    .where('organization_id', '=', organizationId)
    .where('kind', '=', 'display')
    .where('facility_id', '=', facilityId)
    .where('ended_at', 'is', null)
    .returning('token_hash')
    .execute();
  return rows.length;
}

export async function issueApiToken(
  db: Db,
  t: { tokenHash: string; tokenId: string; scopes: string[]; expiresAt: Date; organizationId: string; userId: string; name: string; now: Date },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: t.tokenHash,
      token_id: t.tokenId,
      scopes: t.scopes,
      expires_at: t.expiresAt,
      organization_id: t.organizationId,
      user_id: t.userId,
      kind: 'api-token',
      name: t.name,
      mfa_verified: true,
      created_at: t.now,
      last_seen_at: t.now,
      ended_at: null,
    })
    .execute();
}

/** Revokes an API token of the organization: it stops working at once. */
export async function revokeApiToken(db: Db, t: { organizationId: string; tokenId: string; by: string; now: Date }): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ ended_at: t.now, ended_by: t.by })
    .where('organization_id', '=', t.organizationId)
    .where('token_id', '=', t.tokenId)
    .where('kind', '=', 'api-token')
    .where('ended_at', 'is', null)
    .execute();
}
