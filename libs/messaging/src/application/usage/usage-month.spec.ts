import { USAGE_MONTH, monthRange, usageFor, utcMonthOf } from './usage-month';

describe('usage months', () => {
  it.each(['2026-11', '2026-01', '2026-12', '1999-07'])('accepts %s', (month) => {
    expect(USAGE_MONTH.test(month)).toBe(true);
  });

  it.each(['2026-13', '2026-00', '26-11', 'abc', '2026-1', '2026-11-01', '2026/11', ' 2026-11'])(
    'refuses %s',
    (month) => {
      expect(USAGE_MONTH.test(month)).toBe(false);
    },
  );

  it('spans the month in UTC, half-open, across a year end', () => {
    expect(monthRange('2026-11')).toEqual({
      start: new Date('2026-11-01T00:00:00.000Z'),
      end: new Date('2026-12-01T00:00:00.000Z'),
    });
    expect(monthRange('2026-12').end).toEqual(new Date('2027-01-01T00:00:00.000Z'));
    expect(monthRange('2028-02').end).toEqual(new Date('2028-03-01T00:00:00.000Z'));
  });

  it('names the UTC month of an instant', () => {
    expect(utcMonthOf(new Date('2026-11-30T23:59:59.999Z'))).toBe('2026-11');
    expect(utcMonthOf(new Date('2026-12-01T00:00:00.000-05:00'))).toBe('2026-12');
  });
});

describe('usage and overage', () => {
  const pricing = { allowanceSegments: 10, overageCentsPerSegment: 3 };

  it('counts both directions against the allowance', () => {
    expect(
      usageFor(
        '2026-11',
        { outbound: { messages: 2, segments: 6 }, inbound: { messages: 3, segments: 6 } },
        pricing,
      ),
    ).toEqual({
      month: '2026-11',
      outbound: { messages: 2, segments: 6 },
      inbound: { messages: 3, segments: 6 },
      allowanceSegments: 10,
      overageSegments: 2,
      estimatedOverageCents: 6,
    });
  });

  it('has no overage within the allowance, also exactly at it', () => {
    const at = usageFor(
      '2026-11',
      { outbound: { messages: 5, segments: 5 }, inbound: { messages: 5, segments: 5 } },
      pricing,
    );
    expect(at).toMatchObject({ overageSegments: 0, estimatedOverageCents: 0 });
  });
});
