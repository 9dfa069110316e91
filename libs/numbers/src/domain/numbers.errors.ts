import { BusinessRuleError, NotFoundError } from '@app/kernel';

export class NumberUnavailableError extends BusinessRuleError {
  constructor(message = 'That number is no longer available. Search again and pick another.') {
    super('number_unavailable', 'conflict', message);
  }
}

export class NumberAlreadyActiveError extends BusinessRuleError {
  constructor() {
    super(
      'number_already_active',
      'conflict',
      'The firm already has an active number. Release it first.',
    );
  }
}

export class ConfirmationMismatchError extends BusinessRuleError {
  constructor() {
    super(
      'confirmation_mismatch',
      'validation',
      'The confirmation does not match the active number.',
    );
  }
}

export class NoActiveNumberError extends NotFoundError {
  constructor() {
    super('Active number');
  }
}
