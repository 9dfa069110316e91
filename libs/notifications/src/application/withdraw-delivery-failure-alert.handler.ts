import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus } from '@app/platform';
import type { MessageStatusChanged } from '@app/messaging';
import { NotificationStore } from '../infrastructure/persistence/notification.store';

/** Statuses that say a text did arrive after all. */
const ARRIVED = new Set(['delivered', 'read']);

/**
 * A carrier sometimes reports a text undelivered and later delivered. The status moves forward to
 * `delivered`, and the sender's "was not delivered" alert is no longer true: it is removed on the
 * same transaction, read or not. The activity log keeps both reports. The alert is in-app only
 * (see `NotifySenderOnDeliveryFailure`), so no email has to be taken back.
 *
 * Both reports update the message's row, so they are applied one after the other: a correction
 * applied after the failure removes the alert that the failure's transaction committed, and a
 * failure report that comes after the correction ranks below it and changes nothing.
 */
@Injectable()
export class WithdrawDeliveryFailureAlert implements OnModuleInit {
  constructor(
    private readonly bus: IntegrationEventBus,
    private readonly notifications: NotificationStore,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<MessageStatusChanged>('messaging.message_status_changed', (event, em) =>
      this.handle(event, em),
    );
  }

  handle(event: MessageStatusChanged, em: EntityManager): Promise<void> {
    if (event.sentBy && ARRIVED.has(event.status)) {
      this.notifications.removeAtCommit(em, event.sentBy, event.messageId, 'sms.delivery_failed');
    }
    return Promise.resolve();
  }
}
