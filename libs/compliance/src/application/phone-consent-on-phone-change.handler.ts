import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import type { ClientPhoneChanged } from '@app/directory';
import { ClientSmsConsentRepository } from '../infrastructure/persistence/client-sms-consent.repository';
import { KeywordConsent } from './keyword-consent';

/**
 * A client who gets a phone (created with it, edited, or given it from Unmatched triage)
 * inherits the last keyword that phone texted the firm, when it is newer than the client's own
 * consent change: a STOP sent before anyone knew whose phone it was still stands, and an old
 * "yes" does not undo an opt-out recorded since.
 */
@Injectable()
export class PhoneConsentOnPhoneChange implements OnModuleInit {
  constructor(
    private readonly bus: IntegrationEventBus,
    private readonly consent: ClientSmsConsentRepository,
    private readonly keywordConsent: KeywordConsent,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<ClientPhoneChanged>('directory.client_phone_changed', (event, em) =>
      this.handle(event, em),
    );
  }

  async handle({ firmId, clientId, phone }: ClientPhoneChanged, tx: EntityManager): Promise<void> {
    if (!phone) return;
    const sent = await this.consent.phoneState(tx, firmId, phone);
    if (!sent) return;
    const client = await this.consent.clientState(tx, firmId, clientId);
    if (client.optedOut === sent.optedOut) return;
    if (client.changedAt && client.changedAt >= sent.changedAt) return;
    await this.keywordConsent.apply(tx, {
      firmId,
      clientIds: [clientId],
      optedOut: sent.optedOut,
      keyword: sent.keyword,
      byCarrier: sent.byCarrier,
      messageId: sent.messageId,
      at: this.clock.now(),
    });
  }
}
