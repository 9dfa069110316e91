/**
 * The base of every business error. The `code` is stable and machine-readable; the one HTTP
 * filter maps it to a status, so the same handler can run from a controller, a webhook or a job.
 */
export type ErrorKind =
  | 'validation' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'unprocessable' // 422
  | 'too_many_requests' // 429
  | 'unavailable' // 503
  | 'internal'; // 500

export interface FieldError {
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: ErrorKind;
  /** Extra members for the problem+json body (never secrets, never stack traces). */
  readonly extensions: Record<string, unknown> = {};

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends DomainError {
  readonly code = 'validation_failed';
  readonly kind = 'validation' as const;
  constructor(
    readonly errors: FieldError[],
    message = 'The request is not valid.',
  ) {
    super(message);
    this.extensions.errors = errors;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  readonly kind = 'not_found' as const;
  constructor(what = 'Resource') {
    super(`${what} not found.`);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  readonly kind = 'forbidden' as const;
  constructor(message = 'You do not have permission to do this.') {
    super(message);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  readonly kind = 'unauthenticated' as const;
  constructor(message = 'Sign in to continue.') {
    super(message);
  }
}

/** A conflict or precondition with a code chosen by the context (409 or 422). */
export class BusinessRuleError extends DomainError {
  constructor(
    readonly code: string,
    readonly kind: 'conflict' | 'unprocessable' | 'validation',
    message: string,
  ) {
    super(message);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly kind = 'unavailable' as const;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class TooManyRequestsError extends DomainError {
  readonly code = 'too_many_requests';
  readonly kind = 'too_many_requests' as const;
  constructor(readonly retryAfterSeconds: number) {
    super('Too many attempts. Try again later.');
    this.extensions.retryAfterSeconds = retryAfterSeconds;
  }
}
