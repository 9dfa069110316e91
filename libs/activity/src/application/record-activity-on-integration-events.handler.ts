import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { IntegrationEvent, IntegrationEventBus } from '@app/platform';
import type {
  NumberClaimed,
  NumberReleased,
  RegistrationApproved,
  RegistrationFailed,
  RegistrationSubmitted,
} from '@app/numbers';
import type {
  InboundMessageReceived,
  MessageDeliveryFailed,
  OutboundMessageQueued,
} from '@app/messaging';
import type { ClientOptedIn, ClientOptedOut } from '@app/compliance';
import type { NewActivityEntry } from '../domain/activity-entry';
import { ActivityLogRepository } from '../infrastructure/persistence/activity-log.repository';
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

/**
 * Writes every SMS fact to the firm's log on the publisher's own transaction, so a committed
 * change always has its entry and a rolled-back one never does.
 */
@Injectable()
export class RecordActivityOnIntegrationEvents implements OnModuleInit {
  constructor(
    private readonly bus: IntegrationEventBus,
    private readonly log: ActivityLogRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.record<NumberClaimed>('numbers.number_claimed', numberClaimedEntry);
    this.record<NumberReleased>('numbers.number_released', numberReleasedEntry);
    this.record<OutboundMessageQueued>('messaging.outbound_message_queued', outboundQueuedEntry);
    this.record<MessageDeliveryFailed>('messaging.message_delivery_failed', deliveryFailedEntry);
    this.record<InboundMessageReceived>('messaging.inbound_message_received', inboundReceivedEntry);
    this.record<ClientOptedOut>('compliance.client_opted_out', optedOutEntry);
    this.record<ClientOptedIn>('compliance.client_opted_in', optedInEntry);
    this.record<RegistrationSubmitted>(
      'numbers.registration_submitted',
      registrationSubmittedEntry,
    );
    this.record<RegistrationApproved>('numbers.registration_approved', registrationApprovedEntry);
    this.record<RegistrationFailed>('numbers.registration_failed', registrationFailedEntry);
  }

  private record<E extends IntegrationEvent>(
    eventName: E['eventName'],
    toEntry: (event: E) => Omit<NewActivityEntry, 'occurredAt'>,
  ): void {
    // Object.assign, not a spread: V8 (Node 20) gives every object spread and then extended
    // hidden classes of its own, in old space, freed only by a full GC.
    this.bus.subscribe<E>(eventName, (event, em) =>
      this.log.append(em, Object.assign(toEntry(event), { occurredAt: this.timeOf(event) })),
    );
  }

  /** The publisher's time of the fact; a malformed one must not fail the change it records. */
  private timeOf(event: IntegrationEvent): Date {
    const at = new Date(event.occurredAt);
    return Number.isNaN(at.getTime()) ? this.clock.now() : at;
  }
}
