/** The carrier as seen by the numbers context: find, buy and give back a phone number. */
export const NUMBER_PROVIDER = Symbol('NUMBER_PROVIDER');

export interface AvailableNumber {
  /** E.164 */
  phoneNumber: string;
  locality: string | null;
  region: string | null;
}

export interface NumberWebhooks {
  /** Where the carrier POSTs inbound messages. */
  smsUrl: string;
  /** Where the carrier POSTs delivery status callbacks for messages sent from this number. */
  statusCallbackUrl: string;
  /** Shown in the carrier console, e.g. "Assure Pro — Hill & Dale CPAs". */
  friendlyName: string;
}

export interface ClaimedNumber {
  /** The carrier's id of the number (Twilio: `PN…`), needed to release it. */
  carrierId: string;
  phoneNumber: string;
}

/**
 * Errors: `NumberUnavailableError` (the number is no longer offered), and the kernel's
 * `CarrierUnavailableError` (transient), `CarrierRejectedError` (permanent),
 * `CarrierAuthFailedError` (configuration).
 */
export interface NumberProvider {
  /** At most 10 SMS-capable US local numbers, optionally in one area code. */
  search(areaCode?: string): Promise<AvailableNumber[]>;
  claim(phoneNumber: string, webhooks: NumberWebhooks): Promise<ClaimedNumber>;
  /** Idempotent: releasing a number the carrier no longer has succeeds. */
  release(carrierId: string): Promise<void>;
}
