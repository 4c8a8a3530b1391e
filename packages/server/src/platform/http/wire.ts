import type { FastifySerializerCompiler } from 'fastify';
import { z } from 'zod';
import { HttpProblem } from '../problems';

/**
 * What a handler may return for a response schema: the schema's output, except that any string may
 * still be a Date (it leaves as its ISO string, which is what the schema checks). A loose object's index
 * signature is dropped, so an interface (e.g. a FHIR resource) fits it.
 */
export type Wire<T> = T extends string
  ? T | Date
  : T extends Date
    ? T
    : T extends readonly (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T as string extends K ? never : K]: Wire<T[K]> }
        : T;

/** An instant on the wire: ISO 8601 with offset (handlers may return a Date). */
export const instant = z.iso.datetime({ offset: true });

/** A list answer: `{ items }`. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** A keyset page: `{ items, nextCursor }`. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** For a route that answers 204 with no body. */
export const noContent = z.null().describe('No content');

/**
 * The response serializer: the handler's value as JSON (Dates become ISO strings), checked and encoded
 * by the route's zod schema. With `strict` (the tests), a field the schema does not name is an error
 * instead of being dropped, so every schema stays complete.
 */
export function responseSerializer(strict: boolean): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url }) =>
    (data: unknown) => {
      const plain = data === undefined ? null : toJsonValue(data);
      const result = schema.safeEncode(plain);
      if (!result.success) {
        throw new HttpProblem(
          500,
          'Response does not match its schema',
          strict ? `${method} ${url}: ${z.prettifyError(result.error)}` : 'The response could not be encoded.',
        );
      }
      if (strict) {
        const dropped = droppedKey(plain, result.data);
        if (dropped) throw new HttpProblem(500, 'Response field missing from its schema', `${method} ${url}: ${dropped} is not in the response schema`);
      }
      return JSON.stringify(result.data);
    };
}

/**
 * The value JSON.stringify would write, as plain data (Dates as ISO strings, undefined properties and
 * functions left out, non-finite numbers as null, toJSON honoured), without writing and re-reading the
 * text: a 50 kB unit board spent more in that round trip than in its schema.
 */
export function toJsonValue(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = toJsonValue(value[i]) ?? null;
    return out;
  }
  const withToJson = value as { toJSON?: (key: string) => unknown };
  if (typeof withToJson.toJSON === 'function') return toJsonValue(withToJson.toJSON(''));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = toJsonValue((value as Record<string, unknown>)[key]);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function droppedKey(before: unknown, after: unknown, path = '$'): string | undefined {
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < before.length; i++) {
      const d = droppedKey(before[i], after[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (before && typeof before === 'object' && after && typeof after === 'object') {
    for (const [k, v] of Object.entries(before)) {
      if (!(k in after)) return `${path}.${k}`;
      const d = droppedKey(v, (after as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return undefined;
}
