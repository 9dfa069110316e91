import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '@app/kernel';
import { IntegrationEventBus, JobQueue } from '@app/platform';
import {
  RegistrationApproved,
  RegistrationFailed,
  type RegistrationStepName,
} from '../../contracts/registration.contracts';
import {
  isActiveStep,
  nextStep,
  reviewDelaySeconds,
} from '../../domain/registration/registration-steps';
import type { RegistrationStepEntity } from '../../infrastructure/registration/registration-step.entity';
import type { RegistrationEntity } from '../../infrastructure/registration/registration.entity';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import {
  REGISTRATION_PROVIDER,
  STEP_RESOURCE,
  type RegistrationProvider,
  type StepOutcome,
} from './registration-provider.port';

export const REGISTRATION_STEP_QUEUE = 'numbers.registration-step';

export interface RegistrationStepJob {
  registrationId: string;
  step: RegistrationStepName;
  /** The step's `runs` when this job was enqueued; any other value makes the job stale. */
  run: number;
}

/** What one run of a step found, as the workflow records it. */
export type StepResult =
  StepOutcome | { kind: 'retry_later'; detail: string; delaySeconds: number };

const IN_REVIEW = 'Submitted; waiting for the carrier’s review.';

/**
 * The registration's state machine. Each change of state and the job that carries the workflow
 * on are written in one transaction, so a crash can never leave a step without its next job nor
 * run a job whose decision was rolled back.
 */
@Injectable()
export class RegistrationWorkflow {
  private readonly logger = new Logger('Registration');

  constructor(
    private readonly em: EntityManager,
    private readonly queue: JobQueue,
    private readonly events: IntegrationEventBus,
    private readonly clock: Clock,
    private readonly registrations: RegistrationRepository,
    @Inject(REGISTRATION_PROVIDER) private readonly provider: RegistrationProvider,
  ) {}

  /** Starts a new registration at its first step, inside the transaction that records it. */
  async begin(tx: EntityManager, first: RegistrationStepEntity): Promise<void> {
    first.status = 'in_progress';
    first.runs = 1;
    first.updatedAt = this.clock.now();
    await tx.flush();
    await this.enqueue(tx, first, 0);
  }

  /** Records what a run of a step found and enqueues what follows; stale jobs change nothing. */
  async settle(job: RegistrationStepJob, result: StepResult): Promise<void> {
    const wake = await this.em.fork().transactional(async (tx) => {
      const registration = await this.registrations.lockRegistration(tx, job.registrationId);
      if (registration?.status !== 'in_progress') return false;
      const step = await this.registrations.lockStep(tx, job.registrationId, job.step);
      if (!step || step.runs !== job.run || !isActiveStep(step.status)) return false;
      const now = this.clock.now();
      step.updatedAt = now;
      registration.updatedAt = now;
      switch (result.kind) {
        case 'approved':
          return this.approve(tx, registration, step, now);
        case 'in_review':
          step.status = 'in_review';
          step.detail = result.detail ?? IN_REVIEW;
          step.polls += 1;
          step.runs += 1;
          await tx.flush();
          await this.enqueue(
            tx,
            step,
            reviewDelaySeconds(step.polls - 1, this.provider.reviewPollSeconds),
          );
          return false;
        case 'retry_later':
          step.detail = result.detail;
          step.runs += 1;
          await tx.flush();
          await this.enqueue(tx, step, result.delaySeconds);
          return false;
        case 'rejected':
          await this.fail(tx, registration, step, result.reason, now);
          return false;
      }
    });
    if (wake) this.queue.wake(REGISTRATION_STEP_QUEUE);
  }

  /** Shows the firm why a step is taking longer, without changing its state. */
  async note(job: RegistrationStepJob, detail: string): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      const step = await this.registrations.lockStep(tx, job.registrationId, job.step);
      if (!step || step.runs !== job.run || !isActiveStep(step.status)) return;
      step.detail = detail;
      step.updatedAt = this.clock.now();
    });
  }

  wake(): void {
    this.queue.wake(REGISTRATION_STEP_QUEUE);
  }

  private async approve(
    tx: EntityManager,
    registration: RegistrationEntity,
    step: RegistrationStepEntity,
    now: Date,
  ): Promise<boolean> {
    step.status = 'approved';
    step.detail = null;
    const service = step.resources[STEP_RESOURCE.messagingService];
    if (service) registration.messagingServiceSid = service;
    const number = step.resources[STEP_RESOURCE.phoneNumber];
    if (number) registration.attachedNumberSid = number;

    const following = nextStep(step.name);
    if (following) {
      const next = await this.registrations.lockStep(tx, registration.id, following);
      if (!next) throw new Error(`registration ${registration.id} has no ${following} step`);
      next.status = 'in_progress';
      next.runs += 1;
      next.updatedAt = now;
      await tx.flush();
      await this.enqueue(tx, next, 0);
      this.log(registration, step.name, 'approved');
      return true;
    }
    registration.status = 'approved';
    registration.completedAt = now;
    await tx.flush();
    await this.events.publish(
      tx,
      new RegistrationApproved(registration.firmId, registration.id, now.toISOString()),
    );
    this.log(registration, step.name, 'approved; registration complete');
    return false;
  }

  private async fail(
    tx: EntityManager,
    registration: RegistrationEntity,
    step: RegistrationStepEntity,
    reason: string,
    now: Date,
  ): Promise<void> {
    step.status = 'failed';
    step.detail = reason;
    registration.status = 'failed';
    registration.completedAt = now;
    await tx.flush();
    await this.events.publish(
      tx,
      new RegistrationFailed(
        registration.firmId,
        registration.id,
        step.name,
        reason,
        now.toISOString(),
      ),
    );
    this.log(registration, step.name, 'rejected by the carrier');
  }

  private async enqueue(
    tx: EntityManager,
    step: RegistrationStepEntity,
    delaySeconds: number,
  ): Promise<void> {
    const job: RegistrationStepJob = {
      registrationId: step.registrationId,
      step: step.name,
      run: step.runs,
    };
    await this.queue.enqueue(tx, REGISTRATION_STEP_QUEUE, job, {
      startAfterSeconds: delaySeconds > 0 ? delaySeconds : undefined,
    });
  }

  private log(registration: RegistrationEntity, step: RegistrationStepName, what: string): void {
    this.logger.log({
      msg: `registration step ${step} ${what}`,
      registrationId: registration.id,
      firmId: registration.firmId,
    });
  }
}
