import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { FirmNumberEntity } from './infrastructure/persistence/firm-number.entity';
import { FirmNumberRepository } from './infrastructure/persistence/firm-number.repository';
import { numberProviderFactory } from './infrastructure/carrier/number-provider.factory';
import { ClaimNumberHandler } from './application/commands/claim-number/claim-number.handler';
import { ReleaseNumberHandler } from './application/commands/release-number/release-number.handler';
import { SetInboundPausedHandler } from './application/commands/set-inbound-paused/set-inbound-paused.handler';
import { GetNumberCardHandler } from './application/queries/get-number-card/get-number-card.handler';
import { SearchAvailableNumbersHandler } from './application/queries/search-available-numbers/search-available-numbers.handler';
import {
  FindFirmByNumberHandler,
  GetFirmNumberHandler,
} from './application/queries/firm-number/firm-number.handlers';
import { ReleaseOrphanNumberJob } from './application/jobs/release-orphan-number.job';
import { NumberCards } from './application/views/number-cards';
import { RememberedNumbers } from './application/queries/firm-number/remembered-numbers';
import { NumbersController } from './interface/http/numbers.controller';
import { PlatformSmsInboundController } from './interface/http/platform-sms-inbound.controller';
import {
  registrationAdapters,
  registrationControllers,
  registrationEntities,
  registrationProviders,
} from './application/registration/registration.providers';

const commandHandlers = [ClaimNumberHandler, ReleaseNumberHandler, SetInboundPausedHandler];
const queryHandlers = [
  GetNumberCardHandler,
  SearchAvailableNumbersHandler,
  GetFirmNumberHandler,
  FindFirmByNumberHandler,
];
const adapters = [numberProviderFactory, FirmNumberRepository];

/** The firm's number: search, claim, release and the inbound pause. */
@Module({
  imports: [MikroOrmModule.forFeature([FirmNumberEntity, ...registrationEntities])],
  controllers: [NumbersController, PlatformSmsInboundController, ...registrationControllers],
  providers: [
    ...commandHandlers,
    ...queryHandlers,
    ...adapters,
    NumberCards,
    RememberedNumbers,
    ReleaseOrphanNumberJob,
    ...registrationProviders,
    ...registrationAdapters,
  ],
})
export class NumbersModule {}
