import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Clock, NotFoundError, ValidationFailedError, newId } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import { GetFirmQuery } from '@app/directory';
import {
  REGISTRATION_STEP_NAMES,
  RegistrationSubmitted,
} from '../../contracts/registration.contracts';
import { einLast4 } from '../../domain/registration/ein';
import {
  checkRegistrationForm,
  withoutEin,
  type RegistrationForm,
} from '../../domain/registration/registration-form';
import {
  RegistrationApprovedError,
  RegistrationInProgressError,
} from '../../domain/registration/registration.errors';
import { EinCipher } from '../../infrastructure/registration/ein-cipher';
import { RegistrationStepEntity } from '../../infrastructure/registration/registration-step.entity';
import { RegistrationEntity } from '../../infrastructure/registration/registration.entity';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import type { RegistrationView } from './registration-view';
import { RegistrationViews } from './registration-views';
import { RegistrationWorkflow } from './registration-workflow';
import { SubmitRegistrationCommand } from './submit-registration.command';

/**
 * Checks the form, then records the submission, its steps, the first step's job and the
 * `registration_submitted` event in one transaction; the carrier is called only by the worker.
 */
@CommandHandler(SubmitRegistrationCommand)
export class SubmitRegistrationHandler implements ICommandHandler<
  SubmitRegistrationCommand,
  RegistrationView
> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly queries: QueryBus,
    private readonly events: IntegrationEventBus,
    private readonly cipher: EinCipher,
    private readonly registrations: RegistrationRepository,
    private readonly workflow: RegistrationWorkflow,
    private readonly views: RegistrationViews,
  ) {}

  async execute({ firmId, actorId, form }: SubmitRegistrationCommand): Promise<RegistrationView> {
    const firm = await this.queries.execute(new GetFirmQuery(firmId));
    if (!firm) throw new NotFoundError('Firm');
    const checked = checkRegistrationForm(form, firm.name);
    if (checked.errors.length > 0) throw new ValidationFailedError(checked.errors);

    try {
      await this.record(firmId, actorId, checked.form);
    } catch (error) {
      // The partial unique index: a concurrent submission of the same firm won.
      if (error instanceof UniqueConstraintViolationException)
        throw new RegistrationInProgressError();
      throw error;
    }
    this.workflow.wake();
    return this.views.forFirm(firmId);
  }

  private async record(firmId: string, actorId: string, form: RegistrationForm): Promise<void> {
    const now = this.clock.now();
    const einCiphertext = this.cipher.encrypt(firmId, form.business.ein);
    await this.em.fork().transactional(async (tx) => {
      const latest = await this.registrations.lockLatestForFirm(tx, firmId);
      if (latest?.status === 'in_progress') throw new RegistrationInProgressError();
      if (latest?.status === 'approved') throw new RegistrationApprovedError();

      const registration = tx.create(RegistrationEntity, {
        id: newId(),
        firmId,
        status: 'in_progress',
        form: withoutEin(form),
        einCiphertext,
        einLast4: einLast4(form.business.ein),
        submittedBy: actorId,
        submittedAt: now,
        updatedAt: now,
        completedAt: null,
        messagingServiceSid: null,
        attachedNumberSid: null,
      });
      const steps = REGISTRATION_STEP_NAMES.map((name, position) =>
        tx.create(RegistrationStepEntity, {
          id: newId(),
          registrationId: registration.id,
          firmId,
          name,
          position,
          status: 'pending',
          detail: null,
          resources: {},
          runs: 0,
          polls: 0,
          updatedAt: null,
        }),
      );
      await tx.flush();
      await this.workflow.begin(tx, steps[0]);
      await this.events.publish(
        tx,
        new RegistrationSubmitted(firmId, registration.id, actorId, now.toISOString()),
      );
    });
  }
}
