import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MessageEntity } from './infrastructure/persistence/message.entity';
import { ThreadEntity, ThreadReadEntity } from './infrastructure/persistence/thread.entity';
import { outboundControllers, outboundProviders } from './application/outbound/outbound.providers';
import { inboundControllers, inboundProviders } from './application/inbound/inbound.providers';
import { threadsControllers, threadsProviders } from './application/threads/threads.providers';
import {
  templatesControllers,
  templatesProviders,
} from './application/templates/templates.providers';
import { SmsTemplateEntity } from './infrastructure/persistence/sms-template.entity';
import { usageControllers, usageProviders } from './application/usage/usage.providers';

@Module({
  imports: [
    MikroOrmModule.forFeature([MessageEntity, ThreadEntity, ThreadReadEntity, SmsTemplateEntity]),
  ],
  controllers: [
    ...outboundControllers,
    ...inboundControllers,
    ...threadsControllers,
    ...templatesControllers,
    ...usageControllers,
  ],
  providers: [
    ...outboundProviders,
    ...inboundProviders,
    ...threadsProviders,
    ...templatesProviders,
    ...usageProviders,
  ],
})
export class MessagingModule {}
