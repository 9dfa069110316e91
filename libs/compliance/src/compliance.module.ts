import { Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ClientSmsConsentEntity } from './infrastructure/persistence/client-sms-consent.entity';
import { ClientSmsConsentRepository } from './infrastructure/persistence/client-sms-consent.repository';
import { SmsPhoneConsentEntity } from './infrastructure/persistence/sms-phone-consent.entity';
import { GetSmsConsentHandler } from './application/get-sms-consent.handler';
import { GetConsentClientHandler } from './application/get-consent-client.query';
import { ClaimConsentDisclosureHandler } from './application/claim-consent-disclosure.handler';
import { ApplyInboundComplianceHandler } from './application/apply-inbound-compliance.handler';
import { OptOutClientHandler } from './application/opt-out-client.handler';
import { ReleaseConsentDisclosureHandler } from './application/release-consent-disclosure.handler';
import { PhoneConsentOnPhoneChange } from './application/phone-consent-on-phone-change.handler';
import { KeywordConsent } from './application/keyword-consent';
import { SmsOptOutController } from './interface/http/sms-opt-out.controller';

const commandHandlers = [
  ClaimConsentDisclosureHandler,
  ApplyInboundComplianceHandler,
  OptOutClientHandler,
  ReleaseConsentDisclosureHandler,
];
const queryHandlers = [GetSmsConsentHandler, GetConsentClientHandler];
const subscribers = [PhoneConsentOnPhoneChange];
const services = [KeywordConsent];
const adapters = [ClientSmsConsentRepository];

@Module({
  imports: [MikroOrmModule.forFeature([ClientSmsConsentEntity, SmsPhoneConsentEntity])],
  controllers: [SmsOptOutController],
  providers: [...commandHandlers, ...queryHandlers, ...subscribers, ...services, ...adapters],
})
export class ComplianceModule {}
