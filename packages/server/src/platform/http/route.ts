import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../context';
import type { Action, Resource } from '../permissions/decision-table';

/**
 * Who may call a route. Every route names one: `permission` routes are checked against the decision
 * table, `session` routes need only a signed-in user (even before MFA), `public` routes need nothing.
 */
export type Access = { public: true } | { session: true } | { permission: { resource: Resource; action: Action } };

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export interface HandlerArgs<P, Q, B> {
  tx: Tx;
  ctx: RequestContext;
  params: P;
  query: Q;
  body: B;
  req: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** What a success returns: validated and serialized by it, and documented in OpenAPI. */
  response?: Schema;
  /** Status of a success; 201 for creates. */
  status?: number;
  /** Creates honour Idempotency-Key. */
  idempotent?: boolean;
  /** For a denied request's audit record: which resource type it was after. */
  auditResource?: string;
  handler: (args: HandlerArgs<any, any, any>) => Promise<unknown>;
}

/** A route of the API. Typed from its zod schemas; run by register.ts in one transaction. */
export function route<P extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, B extends Schema | undefined = undefined>(
  spec: Omit<RouteSpec, 'handler' | 'params' | 'query' | 'body'> & {
    params?: P;
    query?: Q;
    body?: B;
    handler: (args: HandlerArgs<Infer<P>, Infer<Q>, Infer<B>>) => Promise<unknown>;
  },
): RouteSpec {
  return spec as RouteSpec;
}
