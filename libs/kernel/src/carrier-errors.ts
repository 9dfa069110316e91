import { DomainError } from './domain-error';

/**
 * How a carrier failure is classified. Adapters translate the carrier's own codes into these,
 * so application code decides on retries without knowing which carrier is behind the port.
 */
export class CarrierUnavailableError extends DomainError {
  readonly code = 'carrier_unavailable';
  readonly kind = 'unavailable' as const;
  /** Transient: 429, 5xx, timeouts, connection failures. Retry with backoff. */
  readonly transient = true;
  constructor(
    message = 'The carrier is not reachable right now. Try again in a moment.',
    readonly carrierCode: string | null = null,
  ) {
    super(message);
  }
}

export class CarrierRejectedError extends DomainError {
  readonly code = 'carrier_rejected';
  readonly kind = 'unprocessable' as const;
  readonly transient = false;
  constructor(
    readonly carrierCode: string,
    message: string,
  ) {
    super(message);
    this.extensions.carrierCode = carrierCode;
  }
}

export class CarrierAuthFailedError extends DomainError {
  readonly code = 'carrier_auth_failed';
  readonly kind = 'unavailable' as const;
  readonly transient = false;
  constructor(
    message = 'The carrier rejected our credentials; an operator must fix the configuration.',
  ) {
    super(message);
  }
}
