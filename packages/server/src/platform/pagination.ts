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

/** What each position of a cursor must hold; anything else was not issued by this API. */
export type CursorPart = 'text' | 'uuid' | 'instant' | 'integer';

const partOk: Record<CursorPart, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 400 && !v.includes('\u0000'),
  uuid: (v) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  instant: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v) && !Number.isNaN(Date.parse(v)),
  integer: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
};

/** The sort key of a cursor this API issued, each part checked against its kind; 400 naming cursor otherwise. */
export function decodeCursor<T extends unknown[]>(cursor: string | undefined, parts: CursorPart[]): T | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === parts.length && parts.every((kind, i) => partOk[kind](v[i]))) return v as T;
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
