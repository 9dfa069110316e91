import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus } from '@app/platform';
import { ClientOptedIn, ClientOptedOut } from '../contracts/compliance.contracts';
import { optOutEvidence } from '../domain/keyword-effects';
import { ClientSmsConsentRepository } from '../infrastructure/persistence/client-sms-consent.repository';

/** What an opt-out or opt-in keyword a phone sent means for some of the firm's clients. */
export interface KeywordConsentChange {
  firmId: string;
  clientIds: string[];
  optedOut: boolean;
  keyword: string;
  /** Twilio's OptOutType said so, rather than our reading of the body. */
  byCarrier: boolean;
  /** The text that carried the keyword. */
  messageId: string | null;
  at: Date;
}

/**
 * Applies a keyword to clients on the caller's transaction, whether it arrives now (an inbound
 * text) or was sent earlier by a phone a client has just been given: each client whose consent
 * changes is announced once, and one already in that state is left alone.
 */
@Injectable()
export class KeywordConsent {
  constructor(
    private readonly consent: ClientSmsConsentRepository,
    private readonly events: IntegrationEventBus,
  ) {}

  /** Answers the clients whose consent changed. */
  async apply(tx: EntityManager, change: KeywordConsentChange): Promise<string[]> {
    const { firmId, clientIds, keyword, messageId, at } = change;
    const occurredAt = at.toISOString();
    if (change.optedOut) {
      const via = change.byCarrier ? 'carrier_opt_out_type' : 'keyword';
      const evidence = optOutEvidence(via, keyword);
      const changed = await this.consent.markOptedOut(tx, firmId, clientIds, evidence, at);
      await this.events.publish(
        tx,
        ...changed.map(
          (id) => new ClientOptedOut(firmId, id, via, keyword, null, messageId, null, occurredAt),
        ),
      );
      return changed;
    }
    const changed = await this.consent.markOptedIn(tx, firmId, clientIds, at);
    await this.events.publish(
      tx,
      ...changed.map((id) => new ClientOptedIn(firmId, id, keyword, null, messageId, occurredAt)),
    );
    return changed;
  }
}
