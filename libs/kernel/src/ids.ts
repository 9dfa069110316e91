import { randomFillSync } from 'node:crypto';

export type FirmId = string & { readonly __brand?: 'FirmId' };
export type MemberId = string & { readonly __brand?: 'MemberId' };
export type ClientId = string & { readonly __brand?: 'ClientId' };

const HEX = Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1));
/** Random bytes drawn in bulk: 10 an id (8 for its random tail, 2 to seed a millisecond's count). */
const random = Buffer.alloc(10 * 512);
let randomAt = random.length;
let lastMs = -1;
let sequence = 0;

/**
 * A UUID version 7 (RFC 9562): the Unix time in milliseconds, a 12-bit count within the
 * millisecond, and 62 random bits. Ids made later sort later (in this process, the count keeps
 * them in order within a millisecond and when the clock steps back), so new rows of a table go at
 * the right-hand end of its primary key's index instead of on a random page of it: after each
 * checkpoint PostgreSQL logs a full image of every page first changed, and random keys change a
 * different page nearly every time.
 */
export function newId(): string {
  if (randomAt === random.length) {
    randomFillSync(random);
    randomAt = 0;
  }
  const r = randomAt;
  randomAt += 10;
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    // Starts in the lower half, so a busy millisecond has room to count.
    sequence = ((random[r + 8] << 8) | random[r + 9]) & 0x7ff;
  } else if (++sequence > 0xfff) {
    lastMs++;
    sequence = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  return (
    time.slice(0, 8) +
    '-' +
    time.slice(8) +
    '-' +
    HEX[0x70 | (sequence >> 8)] +
    HEX[sequence & 0xff] +
    '-' +
    HEX[0x80 | (random[r] & 0x3f)] +
    HEX[random[r + 1]] +
    '-' +
    HEX[random[r + 2]] +
    HEX[random[r + 3]] +
    HEX[random[r + 4]] +
    HEX[random[r + 5]] +
    HEX[random[r + 6]] +
    HEX[random[r + 7]]
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
