import { randomBytes } from 'node:crypto';

let lastMs = 0;
let seq = 0;

// Random bytes drawn 4 kB at a time: a 40-bed board's audit rows make 80 ids per request, and one
// call into the CSPRNG per id cost more than the id itself.
const poolSize = 4096;
let pool = randomBytes(poolSize);
let poolAt = 0;
function random(n: number): Buffer {
  if (poolAt + n > poolSize) {
    pool = randomBytes(poolSize);
    poolAt = 0;
  }
  const out = pool.subarray(poolAt, poolAt + n); // consumed: a refill is a new buffer
  poolAt += n;
  return out;
}

/** UUIDv7 (RFC 9562): time-ordered ids, made here because PostgreSQL 15 has no uuidv7(). */
export function uuidv7(now = Date.now()): string {
  // Monotonic within a millisecond: a 12-bit counter in rand_a keeps ids ordered.
  if (now <= lastMs) {
    seq = (seq + 1) & 0xfff;
    if (seq === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    seq = random(2).readUInt16BE(0) & 0x3ff;
  }
  const b = random(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
