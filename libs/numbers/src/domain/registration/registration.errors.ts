import { BusinessRuleError } from '@app/kernel';

export class RegistrationInProgressError extends BusinessRuleError {
  constructor() {
    super(
      'registration_in_progress',
      'conflict',
      'A registration is under review with the carrier; wait for its outcome before sending another.',
    );
  }
}

/** An approved registration is changed with the carrier's support, not by a new submission. */
export class RegistrationApprovedError extends BusinessRuleError {
  constructor() {
    super(
      'registration_approved',
      'conflict',
      'The firm’s registration is approved; contact support to change it.',
    );
  }
}
