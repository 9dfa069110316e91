/** The carrier as seen by the messaging context: hand over one text for delivery. */
export const SMS_CARRIER = Symbol('SMS_CARRIER');

export interface OutboundSms {
  /** Our message id; the sandbox carrier uses it to report status back. */
  messageId: string;
  /** The firm's number, as stored on the message. */
  from: string;
  /**
   * The firm's Messaging Service once its A2P 10DLC registration is approved: the text goes
   * through the service (which holds `from`) instead of `From`.
   */
  messagingServiceSid: string | null;
  to: string;
  body: string;
  statusCallbackUrl: string;
}

export interface CarrierAcceptance {
  /** Twilio: `SM…` */
  carrierMessageId: string;
  /** The carrier's status at acceptance, usually `queued` or `accepted`. */
  status: string;
  segments: number | null;
}

/**
 * Throws the kernel's `CarrierUnavailableError` for transient trouble (retry; the message may or
 * may not have been accepted), `CarrierRejectedError` with the carrier's code for permanent
 * failures (21211, 21614, 21408, 21610, 30034 …), `CarrierAuthFailedError` for bad credentials.
 */
export interface SmsCarrier {
  send(sms: OutboundSms): Promise<CarrierAcceptance>;
  /**
   * Texts the carrier already accepted from the firm to `sms.to` with exactly this body since
   * `since`, oldest first: what an earlier attempt that lost its answer (a timeout, a crashed
   * worker) may have sent. Throws like `send` when the carrier cannot be asked.
   */
  findAccepted(sms: OutboundSms, since: Date): Promise<CarrierAcceptance[]>;
}
