import { BusinessRuleError, ForbiddenError, ValidationFailedError } from '@app/kernel';
import {
  assertSendableBody,
  requireSendable,
  sendBlockedError,
  unavailableReason,
} from './send-eligibility';

describe('send eligibility', () => {
  const ok = { canSend: true, hasFirmNumber: true, clientPhone: '+15035550142', optedOut: false };

  it('is available when nothing blocks', () => {
    expect(unavailableReason(ok)).toBeNull();
  });

  it('explains the first blocker in the order compose shows them', () => {
    const none = { canSend: false, hasFirmNumber: false, clientPhone: null, optedOut: true };
    expect(unavailableReason(none)).toBe('forbidden');
    expect(unavailableReason({ ...none, canSend: true })).toBe('no_firm_number');
    expect(unavailableReason({ ...none, canSend: true, hasFirmNumber: true })).toBe(
      'client_has_no_phone',
    );
    expect(unavailableReason({ ...ok, optedOut: true })).toBe('client_opted_out');
  });

  it('maps blockers to the contract statuses', () => {
    const codeAndKind = (e: Error) => [
      (e as BusinessRuleError).code,
      (e as BusinessRuleError).kind,
    ];
    expect(codeAndKind(sendBlockedError('no_firm_number'))).toEqual(['no_firm_number', 'conflict']);
    expect(codeAndKind(sendBlockedError('client_opted_out'))).toEqual([
      'client_opted_out',
      'conflict',
    ]);
    expect(codeAndKind(sendBlockedError('client_has_no_phone'))).toEqual([
      'client_has_no_phone',
      'unprocessable',
    ]);
    expect(sendBlockedError('forbidden')).toBeInstanceOf(ForbiddenError);
  });

  it('answers both ends of a sendable text, or throws the blocker', () => {
    expect(
      requireSendable({ firmNumber: '+15035550100', clientPhone: '+15035550142', optedOut: false }),
    ).toEqual({ from: '+15035550100', to: '+15035550142' });
    expect(() =>
      requireSendable({ firmNumber: null, clientPhone: '+15035550142', optedOut: false }),
    ).toThrow(expect.objectContaining({ code: 'no_firm_number' }));
    expect(() =>
      requireSendable({ firmNumber: '+15035550100', clientPhone: null, optedOut: true }),
    ).toThrow(expect.objectContaining({ code: 'client_has_no_phone' }));
  });

  it('refuses blank bodies and bodies over the limit, naming the field', () => {
    expect(() => assertSendableBody('Hi', 2, 1600)).not.toThrow();
    expect(() => assertSendableBody('x', 1600, 1600)).not.toThrow();
    for (const [body, characters] of [
      ['', 0],
      [' \n\t', 3],
      ['x', 1601],
    ] as const) {
      let error: unknown;
      try {
        assertSendableBody(body, characters, 1600);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationFailedError);
      expect((error as ValidationFailedError).errors).toEqual([
        { field: 'body', message: expect.any(String) },
      ]);
    }
  });
});
