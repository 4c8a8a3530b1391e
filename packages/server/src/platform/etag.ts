import type { FastifyReply, FastifyRequest } from 'fastify';
import { problems } from './problems';

/** Editable records carry a version; its ETag guards against lost updates. */
export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}

/** The version the client read, from If-Match; required on edits. */
export function requireIfMatch(req: FastifyRequest): number {
  const header = req.headers['if-match'];
  if (!header) throw problems.preconditionRequired();
  const m = /^(?:W\/)?"(\d+)"$/.exec(String(header).trim());
  // A version no record can have (beyond a 32-bit integer) is simply not the current one.
  if (!m || m[1].length > 10 || Number(m[1]) > 2_147_483_647) throw problems.preconditionFailed();
  return Number(m[1]);
}

/** Optional If-Match: checked when sent. */
export function optionalIfMatch(req: FastifyRequest): number | undefined {
  return req.headers['if-match'] ? requireIfMatch(req) : undefined;
}
