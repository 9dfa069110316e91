import type { RegistrationForm } from '../../domain/registration/registration-form';

/**
 * The carrier's A2P 10DLC registration, one method per workflow step. Every method is safe to
 * call again at any point: it creates only what `resources` does not yet record (after looking
 * for a resource made by an earlier call that crashed before recording it), then reports where
 * the step stands. The workflow calls it again, with backoff, while the carrier reviews.
 */
export const REGISTRATION_PROVIDER = Symbol('REGISTRATION_PROVIDER');

/** One submission, with the EIN decrypted for the carrier. Never logged. */
export interface RegistrationSubmission {
  registrationId: string;
  firmId: string;
  form: RegistrationForm;
}

/** The carrier resources of one step, recorded the moment each is created. */
export interface StepResources {
  get(role: string): string | undefined;
  /** Persists at once; a crash after this never loses the id. */
  remember(role: string, sid: string): Promise<void>;
}

export type StepOutcome =
  | { kind: 'approved' }
  | { kind: 'in_review'; detail?: string }
  /** The carrier refused; the reason is shown to the firm as the step's detail. */
  | { kind: 'rejected'; reason: string };

/** The firm's number as the carrier knows it. */
export interface CarrierNumber {
  /** Twilio: `PN…` */
  carrierId: string;
  phoneNumber: string;
}

/** The role under which each step records its main resource, for the steps that follow. */
export const STEP_RESOURCE = {
  customerProfile: 'customerProfile',
  trustProduct: 'trustProduct',
  brand: 'brand',
  messagingService: 'messagingService',
  campaign: 'campaign',
  phoneNumber: 'phoneNumber',
} as const;

/**
 * Errors: the kernel's `CarrierUnavailableError` (transient: retried with backoff),
 * `CarrierAuthFailedError` (configuration: retried slowly until an operator fixes it) and
 * `CarrierRejectedError` (the carrier refused what we sent: the step fails with its reason).
 */
export interface RegistrationProvider {
  /** The first wait before asking about a review again; the workflow doubles it per poll. */
  readonly reviewPollSeconds: number;

  customerProfile(
    submission: RegistrationSubmission,
    resources: StepResources,
  ): Promise<StepOutcome>;

  trustProduct(
    submission: RegistrationSubmission,
    resources: StepResources,
    customerProfileSid: string,
  ): Promise<StepOutcome>;

  brand(
    submission: RegistrationSubmission,
    resources: StepResources,
    bundles: { customerProfileSid: string; trustProductSid: string },
  ): Promise<StepOutcome>;

  /** One service per firm, reused by later submissions; the number is added when there is one. */
  messagingService(
    submission: RegistrationSubmission,
    resources: StepResources,
    number: CarrierNumber | null,
  ): Promise<StepOutcome>;

  campaign(
    submission: RegistrationSubmission,
    resources: StepResources,
    refs: { brandSid: string; messagingServiceSid: string },
  ): Promise<StepOutcome>;

  /** Places the number in the service; succeeds when it is already there. */
  attachNumber(messagingServiceSid: string, number: CarrierNumber): Promise<void>;
}
