import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { ActivityData } from '../../domain/activity-entry';

/**
 * The append-only activity log (a trigger refuses UPDATE, DELETE and TRUNCATE). Rows are
 * written with plain INSERTs on the transaction of the change they record and read newest
 * first by (occurred_at, seq); `seq` breaks ties in insertion order, which a random id cannot.
 * Each index leads with firm_id and ends in the sort order, so a firm's first page is an index
 * scan however large the table grows; `type` uses pattern ops so `type like 'sms.message.%'`
 * is a range on the same index whatever the database collation.
 */
@Entity({ tableName: 'activity_log' })
@Index({
  name: 'activity_log_firm_recent_idx',
  expression:
    'create index "activity_log_firm_recent_idx" on "activity_log" ("firm_id", "occurred_at" desc, "seq" desc)',
})
@Index({
  name: 'activity_log_firm_type_idx',
  expression:
    'create index "activity_log_firm_type_idx" on "activity_log" ("firm_id", "type" varchar_pattern_ops, "occurred_at" desc, "seq" desc)',
})
@Index({
  name: 'activity_log_firm_client_idx',
  expression:
    'create index "activity_log_firm_client_idx" on "activity_log" ("firm_id", "client_id", "occurred_at" desc, "seq" desc) where "client_id" is not null',
})
@Index({
  name: 'activity_log_firm_actor_idx',
  expression:
    'create index "activity_log_firm_actor_idx" on "activity_log" ("firm_id", "actor_id", "occurred_at" desc, "seq" desc) where "actor_id" is not null',
})
export class ActivityEntryEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'bigint', generated: 'identity', autoincrement: true })
  seq!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'string', length: 64 })
  type!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  clientId!: string | null;

  @Property({ type: 'uuid', nullable: true })
  messageId!: string | null;

  @Property({ type: 'json' })
  data!: ActivityData;
}
