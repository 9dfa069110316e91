import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MessageEntity } from './infrastructure/persistence/message.entity';
import { ThreadEntity, ThreadReadEntity } from './infrastructure/persistence/thread.entity';
import { outboundControllers, outboundProviders } from './application/outbound/outbound.providers';
import { inboundControllers, inboundProviders } from './application/inbound/inbound.providers';
import { threadsControllers, threadsProviders } from './application/threads/threads.providers';

@Module({
  imports: [MikroOrmModule.forFeature([MessageEntity, ThreadEntity, ThreadReadEntity])],
  controllers: [...outboundControllers, ...inboundControllers, ...threadsControllers],
  providers: [...outboundProviders, ...inboundProviders, ...threadsProviders],
})
export class MessagingModule {}
