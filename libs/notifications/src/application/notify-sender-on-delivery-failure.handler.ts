import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus } from '@app/platform';
import { GetClientContactQuery, ListFirmMembersQuery } from '@app/directory';
import type { MessageDeliveryFailed } from '@app/messaging';
import { deliveryFailedAlert } from '../domain/alert';
import { AlertDispatcher } from './alert-dispatcher';

/**
 * A text that did not arrive is the sender's to follow up: only they are told, in the app.
 * Preferences speak of client replies only, so this alert is always shown in-app and not emailed.
 */
@Injectable()
export class NotifySenderOnDeliveryFailure implements OnModuleInit {
  constructor(
    private readonly bus: IntegrationEventBus,
    private readonly queries: QueryBus,
    private readonly dispatcher: AlertDispatcher,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<MessageDeliveryFailed>('messaging.message_delivery_failed', (event, em) =>
      this.handle(event, em),
    );
  }

  async handle(event: MessageDeliveryFailed, em: EntityManager): Promise<void> {
    if (!event.sentBy) return;
    const members = await this.queries.execute(new ListFirmMembersQuery(event.firmId, em));
    const sender = members.find((m) => m.id === event.sentBy);
    if (!sender) return;
    const client = event.clientId
      ? await this.queries.execute(new GetClientContactQuery(event.firmId, event.clientId, em))
      : null;
    const alert = deliveryFailedAlert({
      firmId: event.firmId,
      messageId: event.messageId,
      clientId: event.clientId,
      clientName: client?.name ?? null,
      status: event.status,
      errorCode: event.errorCode,
    });
    await this.dispatcher.dispatch(
      em,
      alert,
      [{ id: sender.id, name: sender.name, email: sender.email }],
      () => ({ inApp: true, email: false }),
    );
  }
}
