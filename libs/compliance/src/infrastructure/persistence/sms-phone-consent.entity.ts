import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The last opt-out or opt-in keyword a phone sent a firm, whoever's phone it is. Written and read
 * with SQL by ClientSmsConsentRepository; declared so the schema diff knows the table.
 */
@Entity({ tableName: 'sms_phone_consent' })
export class SmsPhoneConsentEntity {
  @PrimaryKey({ type: 'uuid' })
  firmId!: string;

  @PrimaryKey({ type: 'string', length: 20 })
  phone!: string;

  @Property({ type: 'boolean' })
  optedOut!: boolean;

  @Property({ type: 'string', length: 16 })
  keyword!: string;

  /** Twilio's OptOutType decided it, rather than our reading of the body. */
  @Property({ type: 'boolean', default: false })
  byCarrier: boolean = false;

  /** When the phone sent the keyword: a later keyword replaces it, an earlier one does not. */
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  changedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  messageId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;
}
