import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instant, responseSerializer, toJsonValue } from './wire';

const schema = z.object({ id: z.string(), at: instant, tags: z.array(z.object({ name: z.string() })) });
const serialize = (strict: boolean, data: unknown) => responseSerializer(strict)({ schema, method: 'GET', url: '/x', httpStatus: '200' })(data);

describe('response serializer', () => {
  it('sends a Date as its ISO string', () => {
    expect(JSON.parse(serialize(true, { id: 'a', at: new Date('2026-01-02T03:04:05Z'), tags: [] }))).toEqual({
      id: 'a',
      at: '2026-01-02T03:04:05.000Z',
      tags: [],
    });
  });

  it('refuses, when strict (the tests), a field its schema does not name, even nested', () => {
    expect(() => serialize(true, { id: 'a', at: new Date(), tags: [{ name: 'x', secret: 1 }] })).toThrow(/\$\.tags\[0\]\.secret is not in the response schema/);
  });

  it('drops, in production, a field its schema does not name instead of leaking it', () => {
    expect(JSON.parse(serialize(false, { id: 'a', at: new Date('2026-01-02T03:04:05Z'), tags: [], passwordHash: 'h' }))).not.toHaveProperty('passwordHash');
  });

  it('refuses a value that does not match its schema', () => {
    expect(() => serialize(false, { id: 1, at: 'yesterday', tags: [] })).toThrow(/could not be encoded/);
  });
});

describe('toJsonValue', () => {
  it('gives what a JSON round trip gives, for every kind of value a handler returns', () => {
    const samples: unknown[] = [
      { at: new Date('2026-03-08T07:00:00Z'), none: null, gone: undefined, fn: () => 1, n: 1.5, nan: Number.NaN, inf: -Infinity, ok: true },
      [1, undefined, () => 1, new Date(0), { nested: [{ deeper: new Date('2026-11-01T06:00:00.123Z') }] }],
      { invalidDate: new Date('not a date'), buffer: Buffer.from('ab'), custom: { toJSON: () => ({ replaced: true }) } },
      'text',
      0,
      [],
      {},
    ];
    for (const v of samples) expect(toJsonValue(v)).toEqual(JSON.parse(JSON.stringify(v)));
  });
});
