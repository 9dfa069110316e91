import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig, JobQueue } from '@app/platform';
import { FirmNumberRepository } from '../../infrastructure/persistence/firm-number.repository';
import { NUMBER_PROVIDER, type NumberProvider } from '../ports/number-provider.port';

export const RELEASE_ORPHAN_NUMBER = 'numbers.release-orphan';

export interface OrphanNumber {
  /** The carrier's id of a number we bought but could not record. */
  carrierId: string;
  firmId: string;
}

/**
 * A number bought at the carrier whose claim could not be recorded, and whose immediate release
 * failed too, is released here with retries — otherwise it would be billed to nobody's use.
 */
@Injectable()
export class ReleaseOrphanNumberJob implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('ReleaseOrphanNumber');

  constructor(
    private readonly em: EntityManager,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly numbers: FirmNumberRepository,
    @Inject(NUMBER_PROVIDER) private readonly provider: NumberProvider,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.define(RELEASE_ORPHAN_NUMBER, {
      retryLimit: 12,
      retryDelay: 30,
      retryBackoff: true,
      expireInSeconds: 120,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runWorkers) return;
    await this.queue.work<OrphanNumber>(RELEASE_ORPHAN_NUMBER, { batchSize: 4 }, (orphan) =>
      this.release(orphan),
    );
  }

  /** Records the orphan durably, in a transaction of its own. */
  async enqueue(orphan: OrphanNumber): Promise<void> {
    await this.em
      .fork()
      .transactional((tx) =>
        this.queue.enqueue(tx, RELEASE_ORPHAN_NUMBER, orphan, { singletonKey: orphan.carrierId }),
      );
    this.queue.wake(RELEASE_ORPHAN_NUMBER);
  }

  async release({ carrierId, firmId }: OrphanNumber): Promise<void> {
    // A number some firm holds after all is not an orphan; releasing it would cut that firm off.
    if (await this.numbers.isCarrierIdActive(carrierId)) return;
    await this.provider.release(carrierId);
    this.logger.warn({ msg: 'released an orphaned number at the carrier', carrierId, firmId });
  }
}
