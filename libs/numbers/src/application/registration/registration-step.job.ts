import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import {
  CarrierAuthFailedError,
  CarrierRejectedError,
  CarrierUnavailableError,
  maskPhone,
} from '@app/kernel';
import { AppConfig, JobContext, JobQueue } from '@app/platform';
import { redactEins } from '../../domain/registration/ein';
import {
  CARRIER_OUTAGE_RETRY_SECONDS,
  isActiveStep,
} from '../../domain/registration/registration-steps';
import { FirmNumberRepository } from '../../infrastructure/persistence/firm-number.repository';
import { EinCipher } from '../../infrastructure/registration/ein-cipher';
import type { RegistrationStepEntity } from '../../infrastructure/registration/registration-step.entity';
import type { RegistrationEntity } from '../../infrastructure/registration/registration.entity';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import {
  REGISTRATION_PROVIDER,
  STEP_RESOURCE,
  type CarrierNumber,
  type RegistrationProvider,
  type RegistrationSubmission,
  type StepResources,
} from './registration-provider.port';
import {
  REGISTRATION_STEP_QUEUE,
  RegistrationWorkflow,
  type RegistrationStepJob,
  type StepResult,
} from './registration-workflow';

/**
 * Runs one step of a registration: asks the carrier (outside any transaction), then lets the
 * workflow record the outcome. Carrier trouble is retried by the queue with backoff; when the
 * retries run out the step is tried again much later rather than given up, since an outage is
 * no reason to fail a firm's registration.
 */
@Injectable()
export class RegistrationStepJobRunner implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Registration');

  constructor(
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly workflow: RegistrationWorkflow,
    private readonly registrations: RegistrationRepository,
    private readonly numbers: FirmNumberRepository,
    private readonly cipher: EinCipher,
    @Inject(REGISTRATION_PROVIDER) private readonly provider: RegistrationProvider,
  ) {}

  async onModuleInit(): Promise<void> {
    // A run makes at most a few dozen carrier calls of 10 s each at worst; the expiry leaves room.
    await this.queue.define(REGISTRATION_STEP_QUEUE, {
      retryLimit: 6,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 600,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.queue.work<RegistrationStepJob>(
      REGISTRATION_STEP_QUEUE,
      { batchSize: 4, pollingIntervalSeconds: 1 },
      (data, job) => this.run(data, job),
    );
  }

  async run(data: RegistrationStepJob, job: JobContext): Promise<void> {
    const registration = await this.registrations.findById(data.registrationId);
    if (registration?.status !== 'in_progress') return;
    const steps = await this.registrations.steps(registration.id);
    const step = steps.find((s) => s.name === data.step);
    if (!step || step.runs !== data.run || !isActiveStep(step.status)) return;
    this.logger.debug({
      msg: `registration step ${step.name} run ${data.run}`,
      registrationId: registration.id,
      firmId: registration.firmId,
      attempt: job.retryCount,
    });

    let result: StepResult;
    try {
      result = await this.perform(registration, step, steps);
    } catch (error) {
      result = await this.afterFailure(data, job, registration, error);
    }
    await this.workflow.settle(data, result);
  }

  private async perform(
    registration: RegistrationEntity,
    step: RegistrationStepEntity,
    steps: RegistrationStepEntity[],
  ): Promise<StepResult> {
    const submission = this.submission(registration);
    const resources = this.resourcesOf(step);
    const prior = (role: string): string => {
      const sid = steps.map((s) => s.resources[role]).find(Boolean);
      if (!sid) throw new Error(`step ${step.name} needs ${role}, which no earlier step recorded`);
      return sid;
    };
    switch (step.name) {
      case 'customer_profile':
        return this.provider.customerProfile(submission, resources);
      case 'trust_product':
        return this.provider.trustProduct(
          submission,
          resources,
          prior(STEP_RESOURCE.customerProfile),
        );
      case 'brand':
        return this.provider.brand(submission, resources, {
          customerProfileSid: prior(STEP_RESOURCE.customerProfile),
          trustProductSid: prior(STEP_RESOURCE.trustProduct),
        });
      case 'messaging_service':
        return this.provider.messagingService(
          submission,
          resources,
          await this.activeNumber(registration.firmId),
        );
      case 'campaign': {
        const messagingServiceSid = prior(STEP_RESOURCE.messagingService);
        const outcome = await this.provider.campaign(submission, resources, {
          brandSid: prior(STEP_RESOURCE.brand),
          messagingServiceSid,
        });
        if (outcome.kind === 'approved') {
          await this.attachCurrentNumber(registration, messagingServiceSid, resources);
        }
        return outcome;
      }
    }
  }

  /** A number claimed after the service was set up goes into it before sends may use it. */
  private async attachCurrentNumber(
    registration: RegistrationEntity,
    messagingServiceSid: string,
    resources: StepResources,
  ): Promise<void> {
    const number = await this.activeNumber(registration.firmId);
    if (!number || number.carrierId === registration.attachedNumberSid) return;
    await this.provider.attachNumber(messagingServiceSid, number);
    await resources.remember(STEP_RESOURCE.phoneNumber, number.carrierId);
  }

  private async afterFailure(
    data: RegistrationStepJob,
    job: JobContext,
    registration: RegistrationEntity,
    error: unknown,
  ): Promise<StepResult> {
    const context = {
      registrationId: registration.id,
      firmId: registration.firmId,
      step: data.step,
    };
    if (error instanceof CarrierRejectedError) {
      return { kind: 'rejected', reason: safeReason(error.message) };
    }
    const lastAttempt = job.retryCount >= job.retryLimit;
    const carrierTrouble =
      error instanceof CarrierUnavailableError || error instanceof CarrierAuthFailedError;
    const message = error instanceof Error ? safeReason(error.message) : 'unknown error';
    if (carrierTrouble) {
      this.logger.warn({
        msg: `registration step could not reach the carrier: ${message}`,
        ...context,
      });
      const detail =
        error instanceof CarrierAuthFailedError
          ? 'The connection to the carrier needs our support team; the registration resumes once it is fixed.'
          : 'The carrier is not answering right now; we will keep trying.';
      if (!lastAttempt) {
        await this.workflow.note(data, detail);
        throw error;
      }
      return { kind: 'retry_later', detail, delaySeconds: CARRIER_OUTAGE_RETRY_SECONDS };
    }
    this.logger.error({ msg: `registration step failed: ${message}`, ...context });
    if (!lastAttempt) throw error;
    return {
      kind: 'rejected',
      reason: 'Something went wrong on our side while registering. Please send the form again.',
    };
  }

  private submission(registration: RegistrationEntity): RegistrationSubmission {
    const ein = this.cipher.decrypt(registration.firmId, registration.einCiphertext);
    const { form } = registration;
    return {
      registrationId: registration.id,
      firmId: registration.firmId,
      form: { ...form, business: { ...form.business, ein } },
    };
  }

  private resourcesOf(step: RegistrationStepEntity): StepResources {
    const known = { ...step.resources };
    return {
      get: (role) => known[role],
      remember: async (role, sid) => {
        await this.registrations.remember(step.id, role, sid);
        known[role] = sid;
      },
    };
  }

  private async activeNumber(firmId: string): Promise<CarrierNumber | null> {
    const row = await this.numbers.findActiveByFirm(firmId);
    return row ? { carrierId: row.carrierId, phoneNumber: row.phoneNumber } : null;
  }
}

/** Carrier messages may quote what we sent: no EIN and no full phone number gets through. */
function safeReason(message: string): string {
  return maskPhone(redactEins(message)).slice(0, 1000);
}
