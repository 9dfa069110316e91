import { DynamicModule, Global, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { MigrationObject } from '@mikro-orm/core';
import { Clock, SystemClock } from '@app/kernel';
import { AppConfig } from './config/app-config';
import { ormOptions } from './database/orm-options';
import { JobQueue } from './queue/job-queue';
import { Metrics } from './metrics/metrics';
import { IntegrationEventBus } from './events/integration-event-bus';
import { LiveEvents } from './events/live-events';
import { DatabaseInfo } from './database/database-info';

export interface PlatformOptions {
  config: AppConfig;
  database: { url: string; embedded: boolean };
  migrations: MigrationObject[];
  clock?: Clock;
}

/** Database, queue, configuration, clock and metrics: what every context builds on. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        MikroOrmModule.forRoot({
          ...ormOptions({
            url: options.database.url,
            embedded: options.database.embedded,
            migrations: options.migrations,
          }),
          autoLoadEntities: true,
          registerRequestContext: false,
        }),
      ],
      providers: [
        { provide: AppConfig, useValue: options.config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        JobQueue,
        Metrics,
        IntegrationEventBus,
        LiveEvents,
        { provide: DatabaseInfo, useValue: new DatabaseInfo(options.database.embedded) },
      ],
      exports: [AppConfig, Clock, JobQueue, Metrics, IntegrationEventBus, LiveEvents, DatabaseInfo],
    };
  }
}
