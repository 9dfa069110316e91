import { Inject, Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  CarrierAuthFailedError,
  CarrierRejectedError,
  CarrierUnavailableError,
  Clock,
  maskPhone,
} from '@app/kernel';
import { AppConfig, GroupCommit, IntegrationEventBus, JobContext, LiveEvents } from '@app/platform';
import { GetSmsConsentQuery } from '@app/compliance';
import { MessageDeliveryFailed, MessageStatusChanged } from '../../contracts/messaging.contracts';
import {
  ChangedMessage,
  DispatchableMessage,
  OutboundMessageRepository,
} from '../../infrastructure/persistence/outbound-message.repository';
import { CarrierAcceptance, OutboundSms, SMS_CARRIER, SmsCarrier } from '../ports/sms-carrier.port';
import { SENDER_ROUTES, type SenderRoutes } from '../ports/sender-routes.port';

interface PermanentFailure {
  errorCode: string;
  errorReason: string;
}

/** A text still waiting (queued, or between retries) when its client opted out is not sent. */
const OPTED_OUT_BEFORE_SEND: PermanentFailure = {
  errorCode: 'client_opted_out',
  errorReason: 'The client opted out of texts before this message was sent.',
};

/** Consent checks of texts dispatched together share one read per firm (see `GroupCommit`). */
const CONSENT_READS_IN_FLIGHT = 2;
const TEXTS_PER_CONSENT_READ = 100;

/**
 * Performs one `sms.dispatch` job: claim the message, hand it to the carrier outside any
 * transaction, record the outcome. Transient carrier trouble is rethrown so the queue retries with
 * backoff; permanent refusals fail the message at once.
 *
 * Double sends: a carrier timeout, a dropped connection or a crashed worker leaves it unknown
 * whether the text was accepted, and Twilio's create call takes no idempotency key. Every send
 * therefore carries our message id on its status callback URL; if the earlier attempt did reach
 * the carrier, its callbacks move the message past `sending` during the retry backoff and the
 * retry's claim finds nothing to do. A retry that finds the message still `sending` first asks
 * the carrier for a text with the same recipient and body since the first attempt and adopts it
 * (see `earlierAttempt`); only when there is none is it sent again.
 */
@Injectable()
export class SmsDispatcher {
  private readonly logger = new Logger('SmsDispatch');
  private readonly consentChecks = new GroupCommit<DispatchableMessage, boolean>({
    run: (messages) => this.consentedAll(messages),
    concurrency: CONSENT_READS_IN_FLIGHT,
    maxItems: TEXTS_PER_CONSENT_READ,
  });

  constructor(
    private readonly em: EntityManager,
    @Inject(SMS_CARRIER) private readonly carrier: SmsCarrier,
    private readonly messages: OutboundMessageRepository,
    private readonly queries: QueryBus,
    private readonly events: IntegrationEventBus,
    private readonly live: LiveEvents,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(SENDER_ROUTES) private readonly route: SenderRoutes,
  ) {}

  async dispatch(messageId: string, job: JobContext): Promise<void> {
    const message = await this.messages.claimForDispatch(this.em, messageId, this.clock.now());
    if (!message) return;

    let acceptance: CarrierAcceptance | null;
    try {
      const sms: OutboundSms = {
        messageId: message.id,
        from: message.from,
        messagingServiceSid: await this.route.messagingServiceOf(message.firmId),
        to: message.to,
        body: message.body,
        statusCallbackUrl: this.statusCallbackUrl(message.id),
      };
      acceptance =
        (await this.earlierAttempt(message, sms)) ??
        ((await this.stillConsented(message)) ? await this.carrier.send(sms) : null);
    } catch (error) {
      // A refused or stale service is looked up afresh for the next attempt.
      this.route.forget(message.firmId);
      const permanent = permanentFailure(error);
      if (permanent) return this.fail(message, permanent);
      this.logger.warn({
        msg: 'carrier send failed; will retry',
        messageId: message.id,
        to: maskPhone(message.to),
        attempt: message.attempts,
        error: error instanceof Error ? error.message : String(error),
      });
      if (job.retryCount >= job.retryLimit) return this.fail(message, giveUp(error));
      throw error;
    }
    if (!acceptance) return this.fail(message, OPTED_OUT_BEFORE_SEND);

    const changed = await this.messages.recordAccepted(
      this.em,
      message.id,
      acceptance.carrierMessageId,
      this.clock.now(),
    );
    if (changed) this.announce(changed);
  }

  /**
   * A message claimed again (its previous attempt timed out, or the worker died waiting on the
   * carrier) may already sit at the carrier. The carrier is asked first, and a text it holds that
   * no other message of ours claims is adopted instead of sending a second copy.
   */
  private async earlierAttempt(
    message: DispatchableMessage,
    sms: OutboundSms,
  ): Promise<CarrierAcceptance | null> {
    if (message.attempts <= 1) return null;
    const found = await this.carrier.findAccepted(sms, message.sendingSince);
    if (found.length === 0) return null;
    const taken = await this.messages.carrierIdsTaken(
      this.em.fork(),
      found.map((f) => f.carrierMessageId),
    );
    const earlier = found.find((f) => !taken.has(f.carrierMessageId)) ?? null;
    if (earlier) {
      this.logger.log({
        msg: 'an earlier attempt had reached the carrier; not sending again',
        messageId: message.id,
        to: maskPhone(message.to),
        attempt: message.attempts,
      });
    }
    return earlier;
  }

  /**
   * Consent is checked when a text is queued and again just before it leaves: an opt-out that
   * arrives while it waits (behind others, or for a retry after a carrier outage) stops it.
   */
  private stillConsented(message: DispatchableMessage): Promise<boolean> {
    return this.consentChecks.submit(message);
  }

  /** Whether each text's client may still be texted: one consent read per firm among them. */
  private async consentedAll(messages: readonly DispatchableMessage[]): Promise<boolean[]> {
    const clientsByFirm = new Map<string, string[]>();
    for (const { firmId, clientId } of messages) {
      if (!clientId) continue;
      const clients = clientsByFirm.get(firmId);
      if (clients) clients.push(clientId);
      else clientsByFirm.set(firmId, [clientId]);
    }
    const optedOut = new Set<string>();
    await Promise.all(
      [...clientsByFirm].map(async ([firmId, clientIds]) => {
        const consent = await this.queries.execute(new GetSmsConsentQuery(firmId, clientIds));
        for (const id of clientIds) if (consent[id]?.optedOut) optedOut.add(id);
      }),
    );
    return messages.map((m) => !m.clientId || !optedOut.has(m.clientId));
  }

  private async fail(message: DispatchableMessage, failure: PermanentFailure): Promise<void> {
    const now = this.clock.now();
    const changed = await this.em.fork().transactional(async (tx) => {
      const row = await this.messages.markFailed(tx, message.id, { ...failure, at: now });
      if (!row) return null;
      await this.events.publish(
        tx,
        new MessageDeliveryFailed(
          row.firmId,
          row.id,
          row.clientId,
          row.sentBy,
          'failed',
          failure.errorCode,
          failure.errorReason,
          now.toISOString(),
        ),
        new MessageStatusChanged(
          row.firmId,
          row.id,
          row.clientId,
          row.sentBy,
          row.status,
          now.toISOString(),
        ),
      );
      return row;
    });
    if (!changed) return;
    this.logger.warn({
      msg: 'message failed permanently',
      messageId: message.id,
      to: maskPhone(message.to),
      errorCode: failure.errorCode,
    });
    this.announce(changed);
  }

  private announce(message: ChangedMessage): void {
    this.live.publish({
      firmId: message.firmId,
      memberId: null,
      type: 'message.status_changed',
      data: { messageId: message.id, clientId: message.clientId, status: message.status },
    });
  }

  /** Our id rides on the URL (and so under Twilio's signature) for callbacks that beat the worker. */
  private statusCallbackUrl(messageId: string): string {
    return `${this.config.publicBaseUrl}/webhooks/twilio/status?m=${messageId}`;
  }
}

/** Refusals that no retry will change: a bad recipient, an opt-out, bad credentials. */
function permanentFailure(error: unknown): PermanentFailure | null {
  if (error instanceof CarrierRejectedError) {
    return { errorCode: error.carrierCode, errorReason: error.message };
  }
  if (error instanceof CarrierAuthFailedError) {
    return { errorCode: error.code, errorReason: error.message };
  }
  return null;
}

/** The last attempt failed too: the message is failed rather than left `sending` forever. */
function giveUp(error: unknown): PermanentFailure {
  if (error instanceof CarrierUnavailableError) {
    return {
      errorCode: 'carrier_unavailable',
      errorReason: 'The carrier could not be reached after several attempts.',
    };
  }
  return {
    errorCode: 'dispatch_failed',
    errorReason: 'The message could not be handed to the carrier.',
  };
}
