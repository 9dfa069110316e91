import { randomUUID } from 'node:crypto';
import { ValidationFailedError } from '@app/kernel';
import { encodeCursor, keysetPosition } from './pagination';

describe('keysetPosition', () => {
  it('round-trips the position a page ended at', () => {
    const id = randomUUID();
    const at = new Date('2026-11-28T10:00:00.123Z');
    expect(keysetPosition(encodeCursor({ k: at.toISOString(), id }))).toEqual({ at, id });
  });

  it('is absent when not given', () => {
    expect(keysetPosition(undefined)).toBeNull();
    expect(keysetPosition('')).toBeNull();
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a time that is not one', encodeCursor({ k: 'nope', id: randomUUID() })],
    ['an impossible date', encodeCursor({ k: '2026-13-40T10:00:00.000Z', id: randomUUID() })],
    ['a date that rolls over', encodeCursor({ k: '2026-02-30T10:00:00.000Z', id: randomUUID() })],
    ['year zero', encodeCursor({ k: '0000-01-01T00:00:00.000Z', id: randomUUID() })],
    [
      'a year Postgres cannot store',
      encodeCursor({ k: '-271821-04-20T00:00:00.000Z', id: randomUUID() }),
    ],
    ['a time without a zone', encodeCursor({ k: '2026-11-28T10:00:00', id: randomUUID() })],
    ['an id that is not a UUID', encodeCursor({ k: '2026-11-28T10:00:00.123Z', id: 'nope' })],
    ['SQL in the id', encodeCursor({ k: '2026-11-28T10:00:00.123Z', id: "1' or '1'='1" })],
  ])('refuses %s as a bad cursor', (_label, cursor) => {
    expect(() => keysetPosition(cursor)).toThrow(ValidationFailedError);
  });
});
