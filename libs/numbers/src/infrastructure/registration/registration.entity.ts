import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import type { StoredRegistrationForm } from '../../domain/registration/registration-form';

export type RegistrationRowStatus = 'in_progress' | 'approved' | 'failed';

/**
 * One submission of a firm's A2P 10DLC registration; a later submission (after a failure) is a
 * new row, so carrier resources are never shared between attempts. The partial unique index
 * allows one registration in progress per firm, which settles concurrent submissions.
 */
@Entity({ tableName: 'sms_registrations' })
@Index({
  name: 'sms_registrations_firm_in_progress_unique',
  expression: `create unique index "sms_registrations_firm_in_progress_unique" on "sms_registrations" ("firm_id") where "status" = 'in_progress'`,
})
@Index({ name: 'sms_registrations_firm_submitted_idx', properties: ['firmId', 'submittedAt'] })
export class RegistrationEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  /** The migration adds a check constraint: in_progress, approved or failed. */
  @Property({ type: 'string', length: 16 })
  status!: RegistrationRowStatus;

  /** The form as submitted, without the EIN. */
  @Property({ type: 'json' })
  form!: StoredRegistrationForm;

  /** AES-256-GCM, bound to the firm (see EinCipher); never returned or logged. */
  @Property({ type: 'text' })
  einCiphertext!: string;

  /** What the masked form `**-***6789` shows. */
  @Property({ type: 'string', length: 4 })
  einLast4!: string;

  @Property({ type: 'uuid' })
  submittedBy!: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  submittedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  updatedAt!: Date;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** The firm's Messaging Service (`MG…`), known once that step is done. */
  @Property({ type: 'string', length: 64, nullable: true })
  messagingServiceSid!: string | null;

  /** The carrier id (`PN…`) of the number last placed in the Messaging Service. */
  @Property({ type: 'string', length: 64, nullable: true })
  attachedNumberSid!: string | null;
}
