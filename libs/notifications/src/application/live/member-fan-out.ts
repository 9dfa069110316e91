import type { LiveNotification } from '../notification-view';
import type { NotificationListener } from '../ports/notification-broadcaster.port';

/** This process's open streams, by member: where a broadcaster hands what it heard. */
export class MemberFanOut {
  private readonly listeners = new Map<string, Set<NotificationListener>>();

  add(memberId: string, listener: NotificationListener): () => void {
    const set = this.listeners.get(memberId) ?? new Set<NotificationListener>();
    set.add(listener);
    this.listeners.set(memberId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(memberId) === set) this.listeners.delete(memberId);
    };
  }

  get members(): number {
    return this.listeners.size;
  }

  deliver(notification: LiveNotification): void {
    const set = this.listeners.get(notification.memberId);
    if (!set) return;
    const { memberId: _memberId, ...view } = notification;
    for (const listener of [...set]) listener(view);
  }
}

/** A payload heard from outside the process, checked before it reaches a stream. */
export function parseLiveNotification(payload: string): LiveNotification | null {
  try {
    const value = JSON.parse(payload) as Partial<LiveNotification> | null;
    if (
      value &&
      typeof value.memberId === 'string' &&
      typeof value.id === 'string' &&
      typeof value.type === 'string' &&
      typeof value.title === 'string'
    ) {
      return value as LiveNotification;
    }
  } catch {
    // not ours: ignored below
  }
  return null;
}
