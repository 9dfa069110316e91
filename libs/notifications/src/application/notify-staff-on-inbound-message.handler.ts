import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus, JobQueue } from '@app/platform';
import type { InboundMessageReceived } from '@app/messaging';
import { phoneEnding } from '../domain/alert';
import { INBOUND_ALERT_QUEUE, InboundAlertJob } from './deliver-inbound-alerts.job';

/**
 * A client's reply goes to everyone who can read the thread; a text from an unknown number
 * only to those who triage Unmatched (owners and admins). Each by their own preferences.
 * Texts that arrive while the firm's inbound is paused tell no one.
 *
 * The inbound transaction only records that its texts are to be announced: one job for all the
 * texts it stores, written with its commit. The worker fans them out (`DeliverInboundAlertsJob`),
 * so reading the staff and their preferences and writing an alert per member never holds up the
 * carrier's webhook, and an alert exists exactly when its text does.
 */
@Injectable()
export class NotifyStaffOnInboundMessage implements OnModuleInit {
  constructor(
    private readonly bus: IntegrationEventBus,
    private readonly queue: JobQueue,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<InboundMessageReceived>('messaging.inbound_message_received', (event, em) =>
      Promise.resolve(this.handle(event, em)),
    );
  }

  handle(event: InboundMessageReceived, em: EntityManager): void {
    if (event.receivedWhilePaused) return;
    const { firmId, messageId, clientId } = event;
    this.queue.enqueueCombinedAtCommit<InboundAlertJob>(
      em,
      INBOUND_ALERT_QUEUE,
      {
        texts: [
          { firmId, messageId, clientId, fromEnding: clientId ? null : phoneEnding(event.from) },
        ],
      },
      (jobs) => ({ texts: jobs.flatMap((j) => j.texts) }),
    );
  }
}
