import { BusinessRuleError, ForbiddenError, ValidationFailedError } from '@app/kernel';

/** Why compose cannot text a client, in the order the UI explains them. */
export type SendBlocker = 'no_firm_number' | 'client_has_no_phone' | 'client_opted_out';
export type UnavailableReason = 'forbidden' | SendBlocker;

export interface SendFacts {
  canSend: boolean;
  hasFirmNumber: boolean;
  clientPhone: string | null;
  optedOut: boolean;
}

/** The first reason that stops a send, or null when the client can be texted. */
export function unavailableReason(facts: SendFacts): UnavailableReason | null {
  if (!facts.canSend) return 'forbidden';
  if (!facts.hasFirmNumber) return 'no_firm_number';
  if (!facts.clientPhone) return 'client_has_no_phone';
  if (facts.optedOut) return 'client_opted_out';
  return null;
}

/** The two ends of a text that may be sent; throws the contract's error for the first blocker. */
export function requireSendable(facts: {
  firmNumber: string | null;
  clientPhone: string | null;
  optedOut: boolean;
}): { from: string; to: string } {
  const { firmNumber, clientPhone, optedOut } = facts;
  const reason = unavailableReason({
    canSend: true,
    hasFirmNumber: firmNumber !== null,
    clientPhone,
    optedOut,
  });
  if (reason || !firmNumber || !clientPhone) throw sendBlockedError(reason ?? 'no_firm_number');
  return { from: firmNumber, to: clientPhone };
}

/** The error a send answers with for a blocker (409 or 422 as the contract lists them). */
export function sendBlockedError(reason: UnavailableReason): Error {
  switch (reason) {
    case 'forbidden':
      return new ForbiddenError();
    case 'no_firm_number':
      return new BusinessRuleError(
        'no_firm_number',
        'conflict',
        'The firm has no SMS number yet. Claim one in Settings → SMS.',
      );
    case 'client_has_no_phone':
      return new BusinessRuleError(
        'client_has_no_phone',
        'unprocessable',
        'The client has no phone number to text.',
      );
    case 'client_opted_out':
      return new BusinessRuleError(
        'client_opted_out',
        'conflict',
        'The client has opted out of text messages.',
      );
  }
}

/** Bodies must say something and, as sent (disclosure included), fit the carrier's limit. */
export function assertSendableBody(body: string, characters: number, max: number): void {
  if (body.trim() === '') {
    throw new ValidationFailedError([{ field: 'body', message: 'body must not be empty' }]);
  }
  if (characters > max) {
    throw new ValidationFailedError([
      { field: 'body', message: `body must be at most ${max} characters (an emoji counts as two)` },
    ]);
  }
}

/** As above, when the one-time consent disclosure is what pushes the text over the limit. */
export function disclosureTooLongError(max: number): ValidationFailedError {
  return new ValidationFailedError([
    {
      field: 'body',
      message: `body plus the one-time consent disclosure must be at most ${max} characters (an emoji counts as two)`,
    },
  ]);
}
