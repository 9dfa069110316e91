import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';

/** A fact another context may react to: a past-tense name, ids and primitive values only. */
export interface IntegrationEvent {
  readonly eventName: string;
  readonly firmId: string;
  readonly occurredAt: string;
}

type Subscriber<E> = (event: E, em: EntityManager) => Promise<void>;

/**
 * Delivers integration events to subscribers inside the publisher's transaction, awaited in
 * order, so a reaction that is itself a database write (an activity entry, a notification job)
 * commits or rolls back with the change it records. Work outside the process goes through the
 * durable queue, never here.
 */
@Injectable()
export class IntegrationEventBus {
  private readonly subscribers = new Map<string, Subscriber<IntegrationEvent>[]>();

  subscribe<E extends IntegrationEvent>(
    eventName: E['eventName'],
    subscriber: Subscriber<E>,
  ): void {
    const list = this.subscribers.get(eventName) ?? [];
    list.push(subscriber as Subscriber<IntegrationEvent>);
    this.subscribers.set(eventName, list);
  }

  async publish(em: EntityManager, ...events: IntegrationEvent[]): Promise<void> {
    if (!em.isInTransaction())
      throw new Error('integration events are published inside a transaction');
    for (const event of events) {
      for (const subscriber of this.subscribers.get(event.eventName) ?? []) {
        await subscriber(event, em);
      }
    }
  }
}
