import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import type {
  RegistrationStepName,
  RegistrationStepStatus,
} from '../../contracts/registration.contracts';

/**
 * One step of a registration's workflow: its state, what the firm sees of it, and the carrier
 * resources it created (recorded one by one the moment each exists, so a crash never makes the
 * next attempt create a second one).
 */
@Entity({ tableName: 'sms_registration_steps' })
@Unique({
  name: 'sms_registration_steps_registration_name_unique',
  properties: ['registrationId', 'name'],
})
@Index({ name: 'sms_registration_steps_firm_idx', properties: ['firmId'] })
export class RegistrationStepEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'uuid' })
  registrationId!: string;

  @Property({ type: 'uuid' })
  firmId!: string;

  @Property({ type: 'string', length: 32 })
  name!: RegistrationStepName;

  @Property({ type: 'smallint' })
  position!: number;

  /** The migration adds a check constraint on the five statuses. */
  @Property({ type: 'string', length: 16 })
  status!: RegistrationStepStatus;

  /** What the firm is told: the carrier's reason on failure, what is awaited otherwise. */
  @Property({ type: 'text', nullable: true })
  detail!: string | null;

  /** Carrier resource ids by role, e.g. `{ "customerProfile": "BU…" }`. */
  @Property({ type: 'json' })
  resources!: Record<string, string>;

  /**
   * Bumped with every job enqueued for this step; a job carries the value it was enqueued with,
   * so a stale or repeated job finds a different number and does nothing.
   */
  @Property({ type: 'integer', default: 0 })
  runs!: number;

  /** Review polls so far: the wait before the next one doubles with each. */
  @Property({ type: 'integer', default: 0 })
  polls!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  updatedAt!: Date | null;
}
