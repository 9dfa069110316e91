import { BoundedMap } from './bounded-map';
import { isUuid, newId } from './ids';
import { PhoneNumber, displayPhone, maskPhone } from './phone-number';

describe('PhoneNumber', () => {
  it.each([
    '(503) 555-0142',
    '503.555.0142',
    '+1 503 555 0142',
    '1-503-555-0142',
    '5035550142',
    'tel:+1-503-555-0142',
  ])('reads %s as +15035550142', (raw) => {
    expect(PhoneNumber.parse(raw)?.e164).toBe('+15035550142');
  });

  it.each(['555-0142', 'call me', '', '12', '+1 503 555 014'])('refuses %p', (raw) => {
    expect(PhoneNumber.parse(raw)).toBeNull();
  });

  it('reads international numbers in E.164', () => {
    expect(PhoneNumber.parse('+44 20 7946 0958')?.e164).toBe('+442079460958');
  });

  it('displays North American numbers the US way', () => {
    expect(displayPhone('+15035550142')).toBe('(503) 555-0142');
  });

  it('masks all but the last four digits in free text', () => {
    expect(maskPhone('from +15035550142 to (971) 555-0124')).toBe('from ***0142 to ***0124');
    expect(maskPhone('order 42 took 1500 ms on 2026-11-28')).toBe(
      'order 42 took 1500 ms on 2026-11-28',
    );
  });
});

describe('newId', () => {
  const timeOf = (id: string) => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
  const firstOutOfOrder = (ids: string[]) => ids.findIndex((id, i) => i > 0 && id <= ids[i - 1]);
  afterEach(() => jest.restoreAllMocks());

  it('answers a version 7 UUID of the current millisecond, with the RFC 9562 variant', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(isUuid(id)).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(after);
  });

  it('answers ids that sort in the order they were made, none twice', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    expect(firstOutOfOrder(ids)).toBe(-1);
  });

  it('keeps the order within one millisecond, past its count, and when the clock steps back', () => {
    // A millisecond just ahead of the real clock, which catches up with it at once afterwards.
    const start = Date.now() + 5;
    let now = start;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    const ids = Array.from({ length: 5_000 }, () => newId());
    now -= 1_000;
    ids.push(...Array.from({ length: 10 }, () => newId()));
    expect(firstOutOfOrder(ids)).toBe(-1);
    // 5,010 ids in one millisecond outrun its 12-bit count: the next ids borrow the next one.
    expect(timeOf(ids[0])).toBe(start);
    expect(timeOf(ids[ids.length - 1]) - timeOf(ids[0])).toBeGreaterThanOrEqual(1);
    expect(timeOf(ids[ids.length - 1]) - timeOf(ids[0])).toBeLessThanOrEqual(3);
  });

  it('draws its random bits anew for every id', () => {
    const tails = Array.from({ length: 2_000 }, () => newId().slice(19));
    expect(new Set(tails).size).toBe(tails.length);
    // Each hex digit of the 48-bit tail takes many values, not a fixed pattern.
    for (let digit = 5; digit < 17; digit++) {
      expect(new Set(tails.map((t) => t[digit])).size).toBeGreaterThan(12);
    }
  });
});

describe('BoundedMap', () => {
  it('drops the oldest entry past its limit, counting a key set again as the newest', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 3);
    map.set('c', 4);
    expect([map.get('a'), map.get('b'), map.get('c'), map.size]).toEqual([3, undefined, 4, 2]);
  });

  it('forgets a deleted key and holds a full limit again after it', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.delete('a');
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('refuses a limit below one', () => {
    expect(() => new BoundedMap(0)).toThrow(/at least one/);
  });
});
