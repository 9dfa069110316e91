import { Query } from '@nestjs/cqrs';

/** Accepted for sending: stored `queued` with its dispatch job. */
export class OutboundMessageQueued {
  readonly eventName = 'messaging.outbound_message_queued';
  constructor(
    readonly firmId: string,
    readonly messageId: string,
    readonly clientId: string,
    readonly actorId: string,
    readonly to: string,
    readonly from: string,
    readonly segments: number,
    readonly encoding: string,
    readonly includesDisclosure: boolean,
    readonly templateId: string | null,
    readonly occurredAt: string,
  ) {}
}

/** The carrier (or the dispatcher, for a permanent error) reported that a message did not arrive. */
export class MessageDeliveryFailed {
  readonly eventName = 'messaging.message_delivery_failed';
  constructor(
    readonly firmId: string,
    readonly messageId: string,
    readonly clientId: string | null,
    readonly sentBy: string | null,
    readonly status: 'failed' | 'undelivered',
    readonly errorCode: string | null,
    readonly reason: string,
    readonly occurredAt: string,
  ) {}
}

/** An outbound message's status moved forward (for live views). */
export class MessageStatusChanged {
  readonly eventName = 'messaging.message_status_changed';
  constructor(
    readonly firmId: string,
    readonly messageId: string,
    readonly clientId: string | null,
    /** The member who sent it; null for a text no member sent. */
    readonly sentBy: string | null,
    readonly status: string,
    readonly occurredAt: string,
  ) {}
}

/** A text from a client was stored (once per carrier id). */
export class InboundMessageReceived {
  readonly eventName = 'messaging.inbound_message_received';
  constructor(
    readonly firmId: string,
    readonly messageId: string,
    /** Null when it landed in Unmatched. */
    readonly clientId: string | null,
    readonly clientName: string | null,
    readonly from: string,
    readonly to: string,
    readonly segments: number,
    readonly keyword: string | null,
    readonly possibleOptOut: boolean,
    readonly receivedWhilePaused: boolean,
    readonly occurredAt: string,
  ) {}
}

/** When the firm last texted and last heard anything, for the number card. */
export interface FirmMessagingTimes {
  lastOutboundAt: string | null;
  lastActivityAt: string | null;
}

export class GetFirmMessagingTimesQuery extends Query<FirmMessagingTimes> {
  constructor(readonly firmId: string) {
    super();
  }
}
