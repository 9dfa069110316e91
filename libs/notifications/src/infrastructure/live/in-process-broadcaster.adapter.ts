import { Logger } from '@nestjs/common';
import type { EventManager, EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import type {
  NotificationBroadcaster,
  NotificationListener,
} from '../../application/ports/notification-broadcaster.port';
import type { LiveNotification } from '../../application/notification-view';
import { MemberFanOut } from '../../application/live/member-fan-out';

/**
 * The embedded database is one process and cannot carry NOTIFY between connections, so streams
 * are fed in process. A notification announced on a transaction is held until the ORM reports
 * that the outermost transaction committed (a nested one only releases a savepoint), and is
 * dropped if it rolls back, so a stream never shows what the database does not hold. Nothing
 * extra touches the database, and delivery is immediate.
 */
export class InProcessNotificationBroadcaster implements NotificationBroadcaster, EventSubscriber {
  private readonly logger = new Logger('NotificationBroadcaster');
  private readonly fanOut = new MemberFanOut();
  private readonly pending = new WeakMap<object, LiveNotification[]>();

  constructor(events: EventManager) {
    events.registerSubscriber(this);
  }

  announce(em: EntityManager, notification: LiveNotification): Promise<void> {
    let trx = em.getTransactionContext<Knex.Transaction>();
    if (!trx) return Promise.reject(new Error('announce() must be called inside a transaction'));
    while (trx.parentTransaction) trx = trx.parentTransaction;
    const held = this.pending.get(trx) ?? [];
    held.push(notification);
    this.pending.set(trx, held);
    return Promise.resolve();
  }

  listen(memberId: string, listener: NotificationListener): Promise<() => void> {
    return Promise.resolve(this.fanOut.add(memberId, listener));
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    const held = transaction ? this.pending.get(transaction) : undefined;
    if (!transaction || !held) return;
    this.pending.delete(transaction);
    for (const notification of held) {
      try {
        this.fanOut.deliver(notification);
      } catch (error) {
        // The transaction has committed; a broken stream must not make its caller fail.
        this.logger.warn({ msg: 'live notification not delivered', reason: String(error) });
      }
    }
  }

  afterTransactionRollback({ transaction }: TransactionEventArgs): void {
    if (transaction) this.pending.delete(transaction);
  }
}
