import { ConsoleLogger, Logger } from '@nestjs/common';
import type { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  CarrierAuthFailedError,
  CarrierRejectedError,
  CarrierUnavailableError,
  Clock,
} from '@app/kernel';
import { AppConfig, IntegrationEvent, IntegrationEventBus, LiveEvents } from '@app/platform';
import { GetSmsConsentQuery } from '@app/compliance';
import type {
  ChangedMessage,
  DispatchableMessage,
  OutboundMessageRepository,
} from '../../infrastructure/persistence/outbound-message.repository';
import type { CarrierAcceptance, OutboundSms, SmsCarrier } from '../ports/sms-carrier.port';
import { SmsDispatcher } from './sms-dispatcher';

const NOW = new Date('2026-11-28T12:00:00Z');
const MESSAGE: DispatchableMessage = {
  id: '6f1c2a52-8d43-4a57-9d55-0e0d1c9a1b01',
  firmId: 'f0000000-0000-4000-8000-000000000001',
  clientId: 'c0000000-0000-4000-8000-000000000001',
  sentBy: 'a0000000-0000-4000-8000-000000000001',
  status: 'sending',
  body: 'Your return is ready.',
  from: '+15035550100',
  to: '+15035550142',
  attempts: 1,
  sendingSince: NOW,
};

/** Records what the dispatcher wrote instead of running SQL. */
class FakeMessages {
  claimable = true;
  attempts = 1;
  /** Carrier ids other messages of ours hold. */
  taken = new Set<string>();
  accepted: Array<{ id: string; sid: string }> = [];
  failed: Array<{ id: string; errorCode: string; errorReason: string }> = [];

  async claimForDispatch(): Promise<DispatchableMessage | null> {
    return this.claimable ? { ...MESSAGE, attempts: this.attempts } : null;
  }

  async carrierIdsTaken(_tx: unknown, ids: string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => this.taken.has(id)));
  }

  async recordAccepted(_tx: unknown, id: string, sid: string): Promise<ChangedMessage | null> {
    this.accepted.push({ id, sid });
    return { ...MESSAGE, status: 'sent' };
  }

  async markFailed(
    _tx: unknown,
    id: string,
    failure: { errorCode: string; errorReason: string },
  ): Promise<ChangedMessage | null> {
    this.failed.push({ id, errorCode: failure.errorCode, errorReason: failure.errorReason });
    return { ...MESSAGE, status: 'failed' };
  }
}

class FakeCarrier implements SmsCarrier {
  sent: OutboundSms[] = [];
  failWith: Error | null = null;
  /** What the carrier already holds for the recipient and body. */
  held: CarrierAcceptance[] = [];
  lookups: Array<{ to: string; since: Date }> = [];

  async findAccepted(sms: OutboundSms, since: Date): Promise<CarrierAcceptance[]> {
    this.lookups.push({ to: sms.to, since });
    if (this.failWith) throw this.failWith;
    return this.held;
  }

  async send(sms: OutboundSms): Promise<CarrierAcceptance> {
    this.sent.push(sms);
    if (this.failWith) throw this.failWith;
    return { carrierMessageId: 'SM0123', status: 'queued', segments: 1 };
  }
}

describe('SmsDispatcher', () => {
  let messages: FakeMessages;
  let carrier: FakeCarrier;
  let optedOut: boolean;
  let consentReads: GetSmsConsentQuery[];
  let events: IntegrationEvent[];
  let dispatcher: SmsDispatcher;
  let service: string | null;
  const firstAttempt = { id: 'job-1', retryCount: 0, retryLimit: 8 };
  const lastAttempt = { id: 'job-1', retryCount: 8, retryLimit: 8 };

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  beforeEach(() => {
    messages = new FakeMessages();
    service = null;
    carrier = new FakeCarrier();
    optedOut = false;
    consentReads = [];
    events = [];
    const tx = {} as EntityManager;
    const em = {
      fork: () => ({
        transactional: <T>(work: (t: EntityManager) => Promise<T>) => work(tx),
      }),
    } as unknown as EntityManager;
    const queries = {
      execute: async (query: GetSmsConsentQuery) => {
        consentReads.push(query);
        return Object.fromEntries(query.clientIds.map((id) => [id, { optedOut }]));
      },
    };
    const eventBus = {
      publish: async (_tx: EntityManager, ...published: IntegrationEvent[]) =>
        void events.push(...published),
    };
    const config = AppConfig.create({ publicBaseUrl: 'https://sms.example.test' } as AppConfig);
    const clock: Clock = { now: () => NOW };
    const route = { messagingServiceOf: async () => service, forget: () => undefined };
    dispatcher = new SmsDispatcher(
      em,
      carrier,
      messages as unknown as OutboundMessageRepository,
      queries as unknown as QueryBus,
      eventBus as unknown as IntegrationEventBus,
      new LiveEvents(),
      config,
      clock,
      route,
    );
  });

  it('hands the text to the carrier with our id on the status callback, then records it', async () => {
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(carrier.sent).toEqual([
      {
        messageId: MESSAGE.id,
        from: MESSAGE.from,
        messagingServiceSid: null,
        to: MESSAGE.to,
        body: MESSAGE.body,
        statusCallbackUrl: `https://sms.example.test/webhooks/twilio/status?m=${MESSAGE.id}`,
      },
    ]);
    expect(messages.accepted).toEqual([{ id: MESSAGE.id, sid: 'SM0123' }]);
    expect(messages.failed).toEqual([]);
  });

  it('sends through the firm’s Messaging Service once its registration is approved', async () => {
    service = 'MG0123456789abcdef0123456789abcdef';
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(carrier.sent).toEqual([
      expect.objectContaining({ from: MESSAGE.from, messagingServiceSid: service }),
    ]);
  });

  it('asks the carrier nothing before a first attempt', async () => {
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(carrier.lookups).toEqual([]);
    expect(carrier.sent).toHaveLength(1);
  });

  it('adopts the text an earlier attempt left at the carrier instead of sending it again', async () => {
    messages.attempts = 2;
    messages.taken = new Set(['SMother']);
    carrier.held = [
      { carrierMessageId: 'SMother', status: 'delivered', segments: 1 },
      { carrierMessageId: 'SMearlier', status: 'queued', segments: 1 },
    ];
    await dispatcher.dispatch(MESSAGE.id, { ...firstAttempt, retryCount: 1 });
    expect(carrier.lookups).toEqual([{ to: MESSAGE.to, since: NOW }]);
    expect(carrier.sent).toEqual([]);
    expect(messages.accepted).toEqual([{ id: MESSAGE.id, sid: 'SMearlier' }]);
  });

  it('sends again when the carrier holds nothing of ours for that attempt', async () => {
    messages.attempts = 2;
    messages.taken = new Set(['SMother']);
    carrier.held = [{ carrierMessageId: 'SMother', status: 'delivered', segments: 1 }];
    await dispatcher.dispatch(MESSAGE.id, { ...firstAttempt, retryCount: 1 });
    expect(carrier.sent).toHaveLength(1);
    expect(messages.accepted).toEqual([{ id: MESSAGE.id, sid: 'SM0123' }]);
  });

  it('does not send blind when the carrier cannot be asked: the queue retries', async () => {
    messages.attempts = 2;
    carrier.failWith = new CarrierUnavailableError();
    await expect(dispatcher.dispatch(MESSAGE.id, { ...firstAttempt, retryCount: 1 })).rejects.toBe(
      carrier.failWith,
    );
    expect(carrier.sent).toEqual([]);
    expect(messages.failed).toEqual([]);
  });

  it('does nothing for a message that is no longer waiting to be sent', async () => {
    messages.claimable = false;
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(carrier.sent).toEqual([]);
  });

  it('rethrows transient trouble so the queue retries', async () => {
    carrier.failWith = new CarrierUnavailableError();
    await expect(dispatcher.dispatch(MESSAGE.id, firstAttempt)).rejects.toBe(carrier.failWith);
    expect(messages.failed).toEqual([]);
  });

  it('fails the message on the last attempt instead of leaving it sending', async () => {
    carrier.failWith = new CarrierUnavailableError();
    await dispatcher.dispatch(MESSAGE.id, lastAttempt);
    expect(messages.failed).toEqual([
      { id: MESSAGE.id, errorCode: 'carrier_unavailable', errorReason: expect.any(String) },
    ]);
    expect(events.map((e) => e.eventName)).toEqual([
      'messaging.message_delivery_failed',
      'messaging.message_status_changed',
    ]);
  });

  it('fails a carrier refusal at once with its code and reason', async () => {
    carrier.failWith = new CarrierRejectedError('21211', 'The phone number is not valid.');
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(messages.failed).toEqual([
      { id: MESSAGE.id, errorCode: '21211', errorReason: 'The phone number is not valid.' },
    ]);
  });

  it('reports the carrier’s 21610 on the failure event, which opts the client out', async () => {
    carrier.failWith = new CarrierRejectedError('21610', 'The recipient replied STOP.');
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(events[0]).toMatchObject({
      eventName: 'messaging.message_delivery_failed',
      clientId: MESSAGE.clientId,
      errorCode: '21610',
    });
  });

  it('checks the client’s consent just before sending', async () => {
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(consentReads).toEqual([
      expect.objectContaining({ firmId: MESSAGE.firmId, clientIds: [MESSAGE.clientId] }),
    ]);
  });

  it('shares consent reads between texts dispatched together', async () => {
    await Promise.all(
      Array.from({ length: 10 }, () => dispatcher.dispatch(MESSAGE.id, firstAttempt)),
    );
    expect(carrier.sent).toHaveLength(10);
    expect(consentReads.length).toBeLessThan(10);
    expect(consentReads.flatMap((q) => q.clientIds)).toHaveLength(10);
  });

  it('fails instead of sending a text whose client opted out while it waited', async () => {
    optedOut = true;
    await dispatcher.dispatch(MESSAGE.id, { ...firstAttempt, retryCount: 1 });
    expect(carrier.sent).toEqual([]);
    expect(messages.accepted).toEqual([]);
    expect(messages.failed).toEqual([
      { id: MESSAGE.id, errorCode: 'client_opted_out', errorReason: expect.any(String) },
    ]);
    expect(events.map((e) => e.eventName)).toEqual([
      'messaging.message_delivery_failed',
      'messaging.message_status_changed',
    ]);
  });

  it('still adopts a text an earlier attempt left at the carrier after the client opted out', async () => {
    optedOut = true;
    messages.attempts = 2;
    carrier.held = [{ carrierMessageId: 'SMearlier', status: 'queued', segments: 1 }];
    await dispatcher.dispatch(MESSAGE.id, { ...firstAttempt, retryCount: 1 });
    expect(carrier.sent).toEqual([]);
    expect(messages.accepted).toEqual([{ id: MESSAGE.id, sid: 'SMearlier' }]);
    expect(messages.failed).toEqual([]);
  });

  it('fails the message when the carrier refuses our credentials', async () => {
    carrier.failWith = new CarrierAuthFailedError();
    await dispatcher.dispatch(MESSAGE.id, firstAttempt);
    expect(messages.failed).toEqual([
      { id: MESSAGE.id, errorCode: 'carrier_auth_failed', errorReason: expect.any(String) },
    ]);
  });
});
