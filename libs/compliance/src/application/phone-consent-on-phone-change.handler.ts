import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import type { ClientPhoneChanged } from '@app/directory';
import { ClientOptedIn, ClientOptedOut } from '../contracts/compliance.contracts';
import { optOutEvidence } from '../domain/keyword-effects';
import { ClientSmsConsentRepository } from '../infrastructure/persistence/client-sms-consent.repository';

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
    const now = this.clock.now();
    const at = now.toISOString();
    if (sent.optedOut) {
      const via = sent.byCarrier ? 'carrier_opt_out_type' : 'keyword';
      const evidence = optOutEvidence(via, sent.keyword);
      const changed = await this.consent.markOptedOut(tx, firmId, [clientId], evidence, now);
      if (changed.length === 0) return;
      await this.bus.publish(
        tx,
        new ClientOptedOut(firmId, clientId, via, sent.keyword, null, sent.messageId, null, at),
      );
    } else {
      const changed = await this.consent.markOptedIn(tx, firmId, [clientId], now);
      if (changed.length === 0) return;
      await this.bus.publish(
        tx,
        new ClientOptedIn(firmId, clientId, sent.keyword, null, sent.messageId, at),
      );
    }
  }
}
