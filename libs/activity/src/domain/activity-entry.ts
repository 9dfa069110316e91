import type { ActivityType } from './activity-type';

/** Values only: never a message body, so the log is safe to export for an audit. */
export type ActivityData = Record<string, string | number | boolean | null>;

/** One fact in a firm's log, as recorded. */
export interface NewActivityEntry {
  firmId: string;
  type: ActivityType;
  occurredAt: Date;
  /** The member who acted; null for the carrier, a client's text or the system. */
  actorId: string | null;
  clientId: string | null;
  messageId: string | null;
  data: ActivityData;
}

export interface ActivityEntry extends Omit<NewActivityEntry, 'firmId'> {
  id: string;
}
