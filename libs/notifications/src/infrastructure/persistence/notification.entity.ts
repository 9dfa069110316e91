import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { NOTIFICATION_TYPES, NotificationType } from '../../domain/notification-type';

/**
 * A member's in-app notification. One per (member, message, type), so a repeated event never
 * tells anyone twice. Read newest first by (created_at, id) for one member; unread ones have an
 * index of their own because the bell badge asks for them on every page.
 */
@Entity({ tableName: 'notifications' })
@Unique({
  name: 'notifications_member_message_type_unique',
  properties: ['memberId', 'messageId', 'type'],
})
@Index({
  name: 'notifications_member_recent_idx',
  expression:
    'create index "notifications_member_recent_idx" on "notifications" ("member_id", "created_at" desc, "id" desc)',
})
@Index({
  name: 'notifications_member_unread_idx',
  expression:
    'create index "notifications_member_unread_idx" on "notifications" ("member_id", "created_at" desc, "id" desc) where "read_at" is null',
})
export class NotificationEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'uuid' })
  memberId!: string;

  @Enum({ items: [...NOTIFICATION_TYPES] })
  type!: NotificationType;

  @Property({ type: 'string', length: 300 })
  title!: string;

  @Property({ type: 'string', length: 500 })
  body!: string;

  @Property({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @Property({ type: 'uuid' })
  messageId!: string;

  @Property({ type: 'string', length: 200 })
  link!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
