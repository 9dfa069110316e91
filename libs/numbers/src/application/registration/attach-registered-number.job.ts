import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '@app/kernel';
import { AppConfig, IntegrationEventBus, JobQueue } from '@app/platform';
import { NumberClaimed } from '../../contracts/numbers.contracts';
import { FirmNumberRepository } from '../../infrastructure/persistence/firm-number.repository';
import { RegistrationEntity } from '../../infrastructure/registration/registration.entity';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import { REGISTRATION_PROVIDER, type RegistrationProvider } from './registration-provider.port';

export const ATTACH_REGISTERED_NUMBER_QUEUE = 'numbers.registration-attach-number';

interface AttachNumberJob {
  registrationId: string;
}

/**
 * A firm whose registration is approved and that claims a (new) number gets that number placed
 * in its Messaging Service: the claim's transaction enqueues the job, a worker calls the carrier.
 * Until then GetMessagingServiceQuery answers null and texts go `From` the number.
 */
@Injectable()
export class AttachRegisteredNumberJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Registration');

  constructor(
    private readonly em: EntityManager,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly bus: IntegrationEventBus,
    private readonly registrations: RegistrationRepository,
    private readonly numbers: FirmNumberRepository,
    @Inject(REGISTRATION_PROVIDER) private readonly provider: RegistrationProvider,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.define(ATTACH_REGISTERED_NUMBER_QUEUE, {
      retryLimit: 10,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 120,
    });
    this.bus.subscribe<NumberClaimed>('numbers.number_claimed', async (event, tx) => {
      const registration = await this.registrations.latestForFirm(event.firmId, tx);
      if (registration?.status !== 'approved' || !registration.messagingServiceSid) return;
      const job: AttachNumberJob = { registrationId: registration.id };
      await this.queue.enqueue(tx, ATTACH_REGISTERED_NUMBER_QUEUE, job);
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.queue.work<AttachNumberJob>(
      ATTACH_REGISTERED_NUMBER_QUEUE,
      { batchSize: 4, pollingIntervalSeconds: 2 },
      (job) => this.attach(job),
    );
  }

  async attach({ registrationId }: AttachNumberJob): Promise<void> {
    const registration = await this.registrations.findById(registrationId);
    const service = registration?.messagingServiceSid;
    if (registration?.status !== 'approved' || !service) return;
    const number = await this.numbers.findActiveByFirm(registration.firmId);
    if (!number || number.carrierId === registration.attachedNumberSid) return;

    await this.provider.attachNumber(service, {
      carrierId: number.carrierId,
      phoneNumber: number.phoneNumber,
    });
    await this.em
      .fork()
      .nativeUpdate(
        RegistrationEntity,
        { id: registration.id, status: 'approved' },
        { attachedNumberSid: number.carrierId, updatedAt: this.clock.now() },
      );
    this.logger.log({
      msg: 'placed the firm’s new number in its Messaging Service',
      registrationId,
      firmId: registration.firmId,
    });
  }
}
