import type { FastifyRequest } from 'fastify';
import { sessionCookie } from '../auth/sessions';
import { HttpProblem } from '../problems';

const stateChanging = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Cross-site request forgery guard on top of the SameSite=Strict cookie (security.md D): a
 * state-changing request riding on a cookie session must come from a page of this origin, so it
 * carries an Origin (or, failing that, a Referer) naming this host. Bearer-token calls carry no
 * ambient credential and are exempt. A request naming a foreign origin is refused even without a
 * cookie (no sign-in forged from another site).
 */
export function checkOrigin(req: FastifyRequest): void {
  if (!stateChanging.has(req.method)) return;
  if (req.headers.authorization?.startsWith('Bearer ')) return;
  const origin = req.headers.origin ?? referrerOrigin(req.headers.referer);
  const hasCookieSession = Boolean(req.cookies?.[sessionCookie] ?? /(?:^|;\s*)wp_session=/.test(req.headers.cookie ?? ''));
  if (!origin) {
    if (hasCookieSession) throw refused('The request carries no Origin: state-changing requests must come from Waypoint’s own pages.');
    return;
  }
  if (!sameHost(origin, req)) throw refused('The request comes from another site.');
}

function referrerOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'null';
  }
}

function sameHost(origin: string, req: FastifyRequest): boolean {
  if (origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() === String(req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}

function refused(detail: string) {
  return new HttpProblem(403, 'Forbidden', detail, { rule: 'origin' });
}
