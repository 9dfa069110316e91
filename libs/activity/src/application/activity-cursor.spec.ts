import { ValidationFailedError } from '@app/kernel';
import { encodeCursor } from '@app/platform';
import { decodeActivityCursor, encodeActivityCursor } from './activity-cursor';

describe('activity cursor', () => {
  it('round-trips a position to the microsecond', () => {
    const position = { occurredAt: '2026-11-28T10:00:00.123456Z', seq: '9007199254740993' };
    expect(decodeActivityCursor(encodeActivityCursor(position))).toEqual(position);
  });

  it('is absent when not given', () => {
    expect(decodeActivityCursor(undefined)).toBeNull();
    expect(decodeActivityCursor('')).toBeNull();
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['a millisecond time', encodeCursor({ k: '2026-11-28T10:00:00.123Z', id: '1' })],
    ['SQL in the time', encodeCursor({ k: "2026-11-28' or 1=1 --", id: '1' })],
    ['a non-numeric seq', encodeCursor({ k: '2026-11-28T10:00:00.123456Z', id: '1 or 1=1' })],
    ['an impossible date', encodeCursor({ k: '2026-13-40T10:00:00.123456Z', id: '1' })],
  ])('refuses %s', (_label, cursor) => {
    expect(() => decodeActivityCursor(cursor)).toThrow(ValidationFailedError);
  });
});
