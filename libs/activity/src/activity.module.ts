import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ActivityEntryEntity } from './infrastructure/persistence/activity-entry.entity';
import { ActivityLogRepository } from './infrastructure/persistence/activity-log.repository';
import { RecordActivityOnIntegrationEvents } from './application/record-activity-on-integration-events.handler';
import { ListActivityHandler } from './application/list-activity.query';
import { StreamActivityHandler } from './application/stream-activity.query';
import { ActivityController } from './interface/http/activity.controller';

const queryHandlers = [ListActivityHandler, StreamActivityHandler];
const eventHandlers = [RecordActivityOnIntegrationEvents];
const adapters = [ActivityLogRepository];

/** The firm's append-only activity log: it subscribes to every context and answers audits. */
@Module({
  imports: [MikroOrmModule.forFeature([ActivityEntryEntity])],
  controllers: [ActivityController],
  providers: [...queryHandlers, ...eventHandlers, ...adapters],
})
export class ActivityModule {}
