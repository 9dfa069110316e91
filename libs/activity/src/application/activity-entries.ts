import type {
  NumberClaimed,
  NumberReleased,
  RegistrationApproved,
  RegistrationFailed,
  RegistrationSubmitted,
} from '@app/numbers';
import type {
  InboundMessageReceived,
  MessageDeliveryFailed,
  OutboundMessageQueued,
} from '@app/messaging';
import type { ClientOptedIn, ClientOptedOut } from '@app/compliance';
import type { NewActivityEntry } from '../domain/activity-entry';

/**
 * How each integration event reads in the firm's log. Pure mappings: the recorder supplies the
 * time, since an event's `occurredAt` is a string written by another context.
 */
type Entry = Omit<NewActivityEntry, 'occurredAt'>;

export function numberClaimedEntry(e: NumberClaimed): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.number.claimed',
    actorId: e.actorId,
    clientId: null,
    messageId: null,
    data: { phoneNumber: e.phoneNumber },
  };
}

export function numberReleasedEntry(e: NumberReleased): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.number.released',
    actorId: e.actorId,
    clientId: null,
    messageId: null,
    data: { phoneNumber: e.phoneNumber },
  };
}

export function outboundQueuedEntry(e: OutboundMessageQueued): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.message.outbound',
    actorId: e.actorId,
    clientId: e.clientId,
    messageId: e.messageId,
    data: {
      to: e.to,
      from: e.from,
      segments: e.segments,
      encoding: e.encoding,
      includesDisclosure: e.includesDisclosure,
      templateId: e.templateId,
    },
  };
}

/** The carrier reported the failure, so no member is the actor. */
export function deliveryFailedEntry(e: MessageDeliveryFailed): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.message.delivery_failed',
    actorId: null,
    clientId: e.clientId,
    messageId: e.messageId,
    data: { errorCode: e.errorCode, reason: e.reason, status: e.status },
  };
}

export function inboundReceivedEntry(e: InboundMessageReceived): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.message.inbound',
    actorId: null,
    clientId: e.clientId,
    messageId: e.messageId,
    data: {
      from: e.from,
      to: e.to,
      segments: e.segments,
      keyword: e.keyword,
      possibleOptOut: e.possibleOptOut,
      matched: e.clientId !== null,
      receivedWhilePaused: e.receivedWhilePaused,
    },
  };
}

export function optedOutEntry(e: ClientOptedOut): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.client.opted_out',
    actorId: e.actorId,
    clientId: e.clientId,
    messageId: e.messageId,
    data: { via: e.via, keyword: e.keyword, reason: e.reason },
  };
}

export function optedInEntry(e: ClientOptedIn): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.client.opted_in',
    actorId: e.actorId,
    clientId: e.clientId,
    messageId: e.messageId,
    data: { keyword: e.keyword },
  };
}

export function registrationSubmittedEntry(e: RegistrationSubmitted): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.registration.submitted',
    actorId: e.actorId,
    clientId: null,
    messageId: null,
    data: { registrationId: e.registrationId },
  };
}

/** The carrier's verdict: no member is the actor. */
export function registrationApprovedEntry(e: RegistrationApproved): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.registration.approved',
    actorId: null,
    clientId: null,
    messageId: null,
    data: { registrationId: e.registrationId },
  };
}

export function registrationFailedEntry(e: RegistrationFailed): Entry {
  return {
    firmId: e.firmId,
    type: 'sms.registration.failed',
    actorId: null,
    clientId: null,
    messageId: null,
    data: { registrationId: e.registrationId, step: e.step, reason: e.reason },
  };
}
