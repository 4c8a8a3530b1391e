import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Tx } from '../../db/schema';
import type { RequestContext } from '../context';
import type { Action, Resource } from '../permissions/decision-table';
import type { Wire } from './wire';

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
  /**
   * What a success returns (required): documented in OpenAPI, and every response is encoded through it
   * (unknown keys dropped, a mismatch is an error). `z.null()` for a route that answers with no body (204).
   */
  response: Schema;
  /** Status of a success; 201 for creates. */
  status?: number;
  /** Creates honour Idempotency-Key. */
  idempotent?: boolean;
  /** For a denied request's audit record: which resource type it was after. */
  auditResource?: string;
  handler: (args: HandlerArgs<any, any, any>) => Promise<unknown>;
}

/** A route of the API. Typed from its zod schemas; run by register.ts in one transaction. */
export function route<
  R extends Schema,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: Omit<RouteSpec, 'handler' | 'params' | 'query' | 'body' | 'response'> & {
    params?: P;
    query?: Q;
    body?: B;
    response: R;
    /** Returns what `response` accepts (Dates for instants; checked by the compiler, and again when the reply is encoded). */
    handler: (args: HandlerArgs<Infer<P>, Infer<Q>, Infer<B>>) => Promise<Wire<z.output<R>> | (z.output<R> extends null ? undefined : never)>;
  },
): RouteSpec {
  return spec as RouteSpec;
}
