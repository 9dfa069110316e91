import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** A client's SMS consent state and the evidence for it. One row a client, created on first need. */
@Entity({ tableName: 'client_sms_consent' })
@Index({ name: 'client_sms_consent_firm_idx', properties: ['firmId', 'clientId'] })
export class ClientSmsConsentEntity {
  @PrimaryKey({ type: 'uuid' })
  clientId!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'boolean', default: false })
  optedOut: boolean = false;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  optedOutAt: Date | null = null;

  /** `keyword:STOP`, `carrier:21610`, `staff` … */
  @Property({ type: 'string', length: 40, nullable: true })
  optedOutVia: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  optedInAt: Date | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  disclosureSentAt: Date | null = null;

  /** The exact disclosure text that went out, kept as evidence. */
  @Property({ type: 'text', nullable: true })
  disclosureText: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  disclosureMessageId: string | null = null;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;
}
