import { z } from 'zod';
import { HttpProblem } from './problems';

/** Keyset pagination: the cursor is the sort key of the last row, opaque to the client. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends unknown[]>(cursor: string | undefined, arity: number): T | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity) return v as T;
  } catch {
    /* fall through */
  }
  throw new HttpProblem(400, 'Invalid request', 'cursor: not a cursor this API issued.', {
    errors: [{ field: 'cursor', rule: 'cursor', message: 'Not a cursor this API issued.' }],
  });
}

/** Takes limit+1 rows to know whether there is a next page. */
export function page<T>(rows: T[], limit: number, key: (row: T) => unknown[]) {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(key(items[items.length - 1])) : null;
  return { items, nextCursor };
}
