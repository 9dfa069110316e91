import { Query } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Where the firm's A2P 10DLC registration stands; `not_started` until the form is first sent. */
export type RegistrationStatus = 'not_started' | 'in_progress' | 'approved' | 'failed';

/** The carrier-side steps, in the order the workflow walks them. */
export const REGISTRATION_STEP_NAMES = [
  'customer_profile',
  'trust_product',
  'brand',
  'messaging_service',
  'campaign',
] as const;

export type RegistrationStepName = (typeof REGISTRATION_STEP_NAMES)[number];

/** `in_review`: submitted, waiting for the carrier's verdict (polled with backoff). */
export type RegistrationStepStatus =
  'pending' | 'in_progress' | 'in_review' | 'approved' | 'failed';

/** What other contexts need to know: can this firm's texts pass US carriers' A2P filtering? */
export interface FirmRegistrationStatus {
  firmId: string;
  status: RegistrationStatus;
  /** When the status last changed; null when not started. */
  updatedAt: string | null;
  /** The step that stopped the registration and the carrier's reason, when it failed. */
  failure: { step: RegistrationStepName; reason: string } | null;
  /** Texts from the firm's number are likely blocked by US carriers until this is approved. */
  sendingMayBeBlocked: boolean;
}

/** The firm's registration status (never null: a firm without one is `not_started`). */
export class GetRegistrationStatusQuery extends Query<FirmRegistrationStatus> {
  constructor(
    readonly firmId: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

/**
 * The Messaging Service (`MG…`) outbound texts of this firm should be sent through, or null to
 * send `From` the firm's number as before. Non-null only once the campaign is verified and the
 * firm's current active number sits in that service.
 */
export class GetMessagingServiceQuery extends Query<string | null> {
  constructor(
    readonly firmId: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

export class RegistrationSubmitted {
  readonly eventName = 'numbers.registration_submitted';
  constructor(
    readonly firmId: string,
    readonly registrationId: string,
    readonly actorId: string,
    readonly occurredAt: string,
  ) {}
}

export class RegistrationApproved {
  readonly eventName = 'numbers.registration_approved';
  constructor(
    readonly firmId: string,
    readonly registrationId: string,
    readonly occurredAt: string,
  ) {}
}

export class RegistrationFailed {
  readonly eventName = 'numbers.registration_failed';
  constructor(
    readonly firmId: string,
    readonly registrationId: string,
    readonly step: RegistrationStepName,
    /** The carrier's reason, fit to show to the firm (never contains the EIN). */
    readonly reason: string,
    readonly occurredAt: string,
  ) {}
}
