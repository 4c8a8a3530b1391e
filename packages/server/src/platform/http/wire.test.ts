import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instant, responseSerializer } from './wire';

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
