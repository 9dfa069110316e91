import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ClientSmsConsentEntity } from './infrastructure/persistence/client-sms-consent.entity';
import { GetSmsConsentHandler } from './application/get-sms-consent.handler';

const queryHandlers = [GetSmsConsentHandler];

@Module({
  imports: [MikroOrmModule.forFeature([ClientSmsConsentEntity])],
  providers: [...queryHandlers],
})
export class ComplianceModule {}
