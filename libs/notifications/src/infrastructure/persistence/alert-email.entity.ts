import { Entity, Enum, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { NOTIFICATION_TYPES, NotificationType } from '../../domain/notification-type';

/**
 * One email alert to one member about one message, decided in the transaction of the event and
 * sent later by a worker. `sent_at` is the exactly-once guard across retries: the worker skips a
 * row already sent, and the unique key stops a repeated event from queueing a second email.
 * The recipient and the words are kept as decided, so sending needs nothing from other contexts.
 */
@Entity({ tableName: 'notification_emails' })
@Unique({
  name: 'notification_emails_member_message_type_unique',
  properties: ['memberId', 'messageId', 'type'],
})
export class AlertEmailEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'uuid' })
  memberId!: string;

  @Property({ type: 'uuid' })
  messageId!: string;

  @Enum({ items: [...NOTIFICATION_TYPES] })
  type!: NotificationType;

  @Property({ type: 'string', length: 254 })
  recipientEmail!: string;

  @Property({ type: 'string', length: 200 })
  recipientName!: string;

  @Property({ type: 'string', length: 300 })
  subject!: string;

  @Property({ type: 'string', length: 500 })
  summary!: string;

  @Property({ type: 'string', length: 200 })
  link!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** Set when the server refused the recipient for good; such a row is never retried. */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  failure!: string | null;
}
