import { Injectable, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus } from '@app/platform';
import { OptOutClientCommand, ReleaseConsentDisclosureCommand } from '@app/compliance';
import { MessageDeliveryFailed } from '../../contracts/messaging.contracts';

/** The carrier's code for "the recipient replied STOP to this number". */
const RECIPIENT_OPTED_OUT = '21610';

/**
 * What a failed message means for the client's consent, however the failure was learnt (the
 * carrier refusing the send, or a status callback later): the carrier's 21610 opts the client
 * out, and a disclosure the message carried is owed again, since it never reached the client.
 * Runs on the transaction that records the failure.
 */
@Injectable()
export class ConsentOnDeliveryFailure implements OnModuleInit {
  constructor(
    private readonly bus: IntegrationEventBus,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<MessageDeliveryFailed>('messaging.message_delivery_failed', (event, em) =>
      this.handle(event, em),
    );
  }

  async handle(event: MessageDeliveryFailed, tx: EntityManager): Promise<void> {
    const { firmId, clientId, messageId } = event;
    if (!clientId) return;
    if (event.errorCode === RECIPIENT_OPTED_OUT) {
      await this.commands.execute(
        new OptOutClientCommand(
          firmId,
          clientId,
          'carrier_error',
          null,
          event.reason,
          messageId,
          tx,
        ),
      );
    }
    await this.commands.execute(
      new ReleaseConsentDisclosureCommand(tx, firmId, clientId, messageId),
    );
  }
}
