import { Injectable } from '@nestjs/common';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import type { RegistrationStepName } from '../../contracts/registration.contracts';
import { RegistrationStepEntity } from './registration-step.entity';
import { RegistrationEntity } from './registration.entity';

/**
 * The registration tables. Reads take the caller's transaction when there is one, so nothing
 * inside a transaction waits on a second connection.
 */
@Injectable()
export class RegistrationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The firm's most recent submission, or null when it never sent the form. */
  latestForFirm(firmId: string, tx?: EntityManager): Promise<RegistrationEntity | null> {
    return this.reader(tx).findOne(
      RegistrationEntity,
      { firmId },
      { orderBy: { submittedAt: 'desc', id: 'desc' } },
    );
  }

  /** The same, locked until the transaction ends: serialises submissions of one firm. */
  lockLatestForFirm(tx: EntityManager, firmId: string): Promise<RegistrationEntity | null> {
    return tx.findOne(
      RegistrationEntity,
      { firmId },
      { orderBy: { submittedAt: 'desc', id: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  findById(id: string, tx?: EntityManager): Promise<RegistrationEntity | null> {
    return this.reader(tx).findOne(RegistrationEntity, { id });
  }

  steps(registrationId: string, tx?: EntityManager): Promise<RegistrationStepEntity[]> {
    return this.reader(tx).find(
      RegistrationStepEntity,
      { registrationId },
      { orderBy: { position: 'asc' } },
    );
  }

  lockStep(
    tx: EntityManager,
    registrationId: string,
    name: RegistrationStepName,
  ): Promise<RegistrationStepEntity | null> {
    return tx.findOne(
      RegistrationStepEntity,
      { registrationId, name },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
  }

  lockRegistration(tx: EntityManager, id: string): Promise<RegistrationEntity | null> {
    return tx.findOne(RegistrationEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }

  /**
   * Records one carrier resource of a step at once, in its own statement: merged into the JSON
   * so two records never overwrite each other.
   */
  async remember(stepId: string, role: string, sid: string): Promise<void> {
    await this.em
      .fork()
      .getConnection()
      .execute(
        'update "sms_registration_steps" set "resources" = "resources" || ?::jsonb where "id" = ?',
        [JSON.stringify({ [role]: sid }), stepId],
      );
  }

  private reader(tx?: EntityManager): EntityManager {
    return tx ?? this.em.fork();
  }
}
