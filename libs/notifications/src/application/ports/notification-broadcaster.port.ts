import type { EntityManager } from '@mikro-orm/postgresql';
import type { LiveNotification, NotificationView } from '../notification-view';

export const NOTIFICATION_BROADCASTER = Symbol('NOTIFICATION_BROADCASTER');

export type NotificationListener = (notification: NotificationView) => void;

/**
 * Carries new notifications to the processes holding their members' open streams. A real
 * PostgreSQL does it with LISTEN/NOTIFY across processes; the embedded database, which is one
 * process and cannot deliver NOTIFY across connections, does it in process.
 */
export interface NotificationBroadcaster {
  /**
   * Announces on the transaction of `em`: listeners hear it once that transaction commits, and
   * never if it rolls back.
   */
  announce(em: EntityManager, notification: LiveNotification): Promise<void>;
  /** Resolves when this process hears the member's notifications; call the result to stop. */
  listen(memberId: string, listener: NotificationListener): Promise<() => void>;
}
