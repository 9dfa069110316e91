import { ValidationFailedError } from '@app/kernel';
import { parseActivityFilter, parseIsoInstant } from './activity-filter';
import { parseActivityTypeFilter } from './activity-type';

function errorsOf(run: () => unknown): Array<{ field: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.errors;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('activity type filter', () => {
  it.each([
    ['sms.message.outbound', { exact: 'sms.message.outbound' }],
    ['sms.message.*', { prefix: 'sms.message.' }],
    ['sms.*', { prefix: 'sms.' }],
    ['sms.client.opted_*', { prefix: 'sms.client.opted_' }],
    ['*', { prefix: '' }],
  ])('reads %s', (value, expected) => {
    expect(parseActivityTypeFilter(value)).toEqual(expected);
  });

  it.each([
    'sms.message',
    'sms.message.sent',
    'SMS.MESSAGE.OUTBOUND',
    'email.*',
    'sms.*.outbound',
    'sms.message.**',
    "sms.message.' or 1=1 --",
    'sms.message%',
  ])('refuses %s', (value) => {
    expect(parseActivityTypeFilter(value)).toBeNull();
  });
});

describe('ISO-8601 instants', () => {
  it.each([
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T10:30', '2026-11-01T10:30:00.000Z'],
    ['2026-11-01T10:30:15Z', '2026-11-01T10:30:15.000Z'],
    ['2026-11-01T10:30:15.250Z', '2026-11-01T10:30:15.250Z'],
    ['2026-11-01T10:30:15.123456Z', '2026-11-01T10:30:15.123Z'],
    ['2026-11-01T10:30:15-08:00', '2026-11-01T18:30:15.000Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(parseIsoInstant(value)?.toISOString()).toBe(iso);
  });

  it.each([
    'yesterday',
    '2026-13-01',
    '2026-02-30',
    '2026-11-01T24:00',
    '2026-11-01T10:60',
    '26-11-01',
    '2026-11-01 10:00',
    '2026-11-01T10:00+0800',
    '1700000000',
    '',
  ])('refuses %s', (value) => {
    expect(parseIsoInstant(value)).toBeNull();
  });
});

describe('activity filter', () => {
  const client = '3f2b0b8e-8c39-4c5e-9a55-0d1c2a3b4c5d';

  it('is empty when nothing is asked, and blank parameters count as absent', () => {
    const none = { type: null, clientId: null, actorId: null, from: null, to: null };
    expect(parseActivityFilter({})).toEqual(none);
    expect(parseActivityFilter({ type: '', clientId: '', actorId: '', from: '', to: '' })).toEqual(
      none,
    );
  });

  it('reads every part', () => {
    expect(
      parseActivityFilter({
        type: 'sms.client.*',
        clientId: client.toUpperCase(),
        actorId: client,
        from: '2026-11-01',
        to: '2026-11-01',
      }),
    ).toEqual({
      type: { prefix: 'sms.client.' },
      clientId: client,
      actorId: client,
      from: new Date('2026-11-01T00:00:00Z'),
      to: new Date('2026-11-01T00:00:00Z'),
    });
  });

  it('names every field that is wrong at once', () => {
    const errors = errorsOf(() =>
      parseActivityFilter({ type: 'sms.nope', clientId: '42', actorId: 'x', from: 'soon' }),
    );
    expect(errors.map((e) => e.field)).toEqual(['type', 'clientId', 'actorId', 'from']);
  });

  it('refuses from later than to', () => {
    const errors = errorsOf(() =>
      parseActivityFilter({ from: '2026-11-02T00:00:00Z', to: '2026-11-01T23:59:59Z' }),
    );
    expect(errors).toEqual([{ field: 'from', message: 'from must not be later than to' }]);
  });
});
