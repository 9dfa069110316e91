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
