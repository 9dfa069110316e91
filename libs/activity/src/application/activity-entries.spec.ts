import {
  deliveryFailedEntry,
  inboundReceivedEntry,
  numberClaimedEntry,
  numberReleasedEntry,
  optedInEntry,
  optedOutEntry,
  outboundQueuedEntry,
  registrationApprovedEntry,
  registrationFailedEntry,
  registrationSubmittedEntry,
} from './activity-entries';

const at = '2026-11-28T10:00:00.000Z';

describe('activity entries from integration events', () => {
  it('records a claim and a release with the member and the number', () => {
    const claimed = numberClaimedEntry({
      eventName: 'numbers.number_claimed',
      firmId: 'f',
      phoneNumber: '+15035550100',
      actorId: 'm',
      occurredAt: at,
    });
    expect(claimed).toEqual({
      firmId: 'f',
      type: 'sms.number.claimed',
      actorId: 'm',
      clientId: null,
      messageId: null,
      data: { phoneNumber: '+15035550100' },
    });
    expect(
      numberReleasedEntry({
        eventName: 'numbers.number_released',
        firmId: 'f',
        phoneNumber: '+15035550100',
        actorId: 'm',
        occurredAt: at,
      }),
    ).toEqual({ ...claimed, type: 'sms.number.released' });
  });

  it('records an outbound message without its body', () => {
    expect(
      outboundQueuedEntry({
        eventName: 'messaging.outbound_message_queued',
        firmId: 'f',
        messageId: 'msg',
        clientId: 'c',
        actorId: 'm',
        to: '+15035550142',
        from: '+15035550100',
        segments: 2,
        encoding: 'GSM-7',
        includesDisclosure: true,
        templateId: null,
        occurredAt: at,
      }),
    ).toEqual({
      firmId: 'f',
      type: 'sms.message.outbound',
      actorId: 'm',
      clientId: 'c',
      messageId: 'msg',
      data: {
        to: '+15035550142',
        from: '+15035550100',
        segments: 2,
        encoding: 'GSM-7',
        includesDisclosure: true,
        templateId: null,
      },
    });
  });

  it('records a delivery failure as the carrier’s doing (no actor)', () => {
    expect(
      deliveryFailedEntry({
        eventName: 'messaging.message_delivery_failed',
        firmId: 'f',
        messageId: 'msg',
        clientId: 'c',
        sentBy: 'm',
        status: 'undelivered',
        errorCode: '30003',
        reason: 'Unreachable handset',
        occurredAt: at,
      }),
    ).toEqual({
      firmId: 'f',
      type: 'sms.message.delivery_failed',
      actorId: null,
      clientId: 'c',
      messageId: 'msg',
      data: { errorCode: '30003', reason: 'Unreachable handset', status: 'undelivered' },
    });
  });

  it('records an inbound text, matched or not, without its body or the client’s name', () => {
    const event = {
      eventName: 'messaging.inbound_message_received' as const,
      firmId: 'f',
      messageId: 'msg',
      clientId: null,
      clientName: null,
      from: '+15035550142',
      to: '+15035550100',
      segments: 1,
      keyword: 'STOP',
      possibleOptOut: false,
      receivedWhilePaused: false,
      occurredAt: at,
    };
    expect(inboundReceivedEntry(event)).toEqual({
      firmId: 'f',
      type: 'sms.message.inbound',
      actorId: null,
      clientId: null,
      messageId: 'msg',
      data: {
        from: '+15035550142',
        to: '+15035550100',
        segments: 1,
        keyword: 'STOP',
        possibleOptOut: false,
        matched: false,
        receivedWhilePaused: false,
      },
    });
    const matched = inboundReceivedEntry({ ...event, clientId: 'c', clientName: 'Ana Client' });
    expect(matched).toMatchObject({ clientId: 'c', data: { matched: true } });
    expect(JSON.stringify(matched)).not.toContain('Ana');
  });

  it('records opt-out and opt-in with how they happened', () => {
    expect(
      optedOutEntry({
        eventName: 'compliance.client_opted_out',
        firmId: 'f',
        clientId: 'c',
        via: 'staff',
        keyword: null,
        actorId: 'm',
        messageId: null,
        reason: 'Asked by phone',
        occurredAt: at,
      }),
    ).toEqual({
      firmId: 'f',
      type: 'sms.client.opted_out',
      actorId: 'm',
      clientId: 'c',
      messageId: null,
      data: { via: 'staff', keyword: null, reason: 'Asked by phone' },
    });
    expect(
      optedInEntry({
        eventName: 'compliance.client_opted_in',
        firmId: 'f',
        clientId: 'c',
        keyword: 'START',
        actorId: null,
        messageId: 'msg',
        occurredAt: at,
      }),
    ).toEqual({
      firmId: 'f',
      type: 'sms.client.opted_in',
      actorId: null,
      clientId: 'c',
      messageId: 'msg',
      data: { keyword: 'START' },
    });
  });

  it('records a registration: the submitter, then the carrier’s verdict with no actor', () => {
    const base = { firmId: 'f', registrationId: 'r', occurredAt: at };
    const entry = { firmId: 'f', clientId: null, messageId: null };
    expect(
      registrationSubmittedEntry({
        ...base,
        eventName: 'numbers.registration_submitted',
        actorId: 'm',
      }),
    ).toEqual({
      ...entry,
      type: 'sms.registration.submitted',
      actorId: 'm',
      data: { registrationId: 'r' },
    });
    expect(
      registrationApprovedEntry({ ...base, eventName: 'numbers.registration_approved' }),
    ).toEqual({
      ...entry,
      type: 'sms.registration.approved',
      actorId: null,
      data: { registrationId: 'r' },
    });
    expect(
      registrationFailedEntry({
        ...base,
        eventName: 'numbers.registration_failed',
        step: 'brand',
        reason: 'The brand was rejected: Tax ID mismatch',
      }),
    ).toEqual({
      ...entry,
      type: 'sms.registration.failed',
      actorId: null,
      data: {
        registrationId: 'r',
        step: 'brand',
        reason: 'The brand was rejected: Tax ID mismatch',
      },
    });
  });
});
