import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type FirmNumberStatus = 'active' | 'released';

/**
 * One claim of a phone number by a firm, kept after release as history. The partial unique
 * indexes are what make "one active number per firm" and "one active holder per number" hold
 * under concurrent claims.
 */
@Entity({ tableName: 'firm_numbers' })
@Index({
  name: 'firm_numbers_active_firm_unique',
  expression: `create unique index "firm_numbers_active_firm_unique" on "firm_numbers" ("firm_id") where "status" = 'active'`,
})
@Index({
  name: 'firm_numbers_active_phone_unique',
  expression: `create unique index "firm_numbers_active_phone_unique" on "firm_numbers" ("phone_number") where "status" = 'active'`,
})
@Index({ name: 'firm_numbers_firm_claimed_idx', properties: ['firmId', 'claimedAt'] })
export class FirmNumberEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  /** E.164; inbound `To` is matched against it by equality. */
  @Property({ type: 'string', length: 20 })
  phoneNumber!: string;

  /** The carrier's id of the number (Twilio `PN…`), needed to release it. */
  @Property({ type: 'string', length: 64 })
  carrierId!: string;

  /** What the carrier console shows for the number. */
  @Property({ type: 'string', length: 200 })
  friendlyName!: string;

  /** The migration adds a check constraint: 'active' or 'released'. */
  @Property({ type: 'string', length: 16 })
  status!: FirmNumberStatus;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  claimedAt!: Date;

  @Property({ type: 'uuid' })
  claimedBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Property({ type: 'uuid', nullable: true })
  releasedBy!: string | null;

  /** The support-side switch that silences inbound SMS without releasing the number. */
  @Property({ type: 'boolean', default: false })
  inboundPaused!: boolean;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  inboundPausedAt!: Date | null;
}
