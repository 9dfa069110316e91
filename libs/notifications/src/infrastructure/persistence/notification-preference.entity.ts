import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A member's saved choices; no row means the defaults (every channel on). */
@Entity({ tableName: 'notification_preferences' })
export class NotificationPreferenceEntity {
  @PrimaryKey({ type: 'uuid' })
  memberId!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'boolean' })
  smsReplyInApp!: boolean;

  @Property({ type: 'boolean' })
  smsReplyEmail!: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;
}
