import type { Provider } from '@nestjs/common';
import { AppConfig } from '@app/platform';
import { SMS_CARRIER, SmsCarrier } from '../../application/ports/sms-carrier.port';
import { SandboxSmsCarrier } from './sandbox-sms-carrier.adapter';
import { TwilioSmsCarrier } from './twilio-sms-carrier.adapter';

/** The one place that picks the carrier: `CARRIER=twilio` or the local sandbox. */
export const smsCarrierProviders: Provider[] = [
  TwilioSmsCarrier,
  SandboxSmsCarrier,
  {
    provide: SMS_CARRIER,
    inject: [AppConfig, TwilioSmsCarrier, SandboxSmsCarrier],
    useFactory: (
      config: AppConfig,
      twilio: TwilioSmsCarrier,
      sandbox: SandboxSmsCarrier,
    ): SmsCarrier => (config.carrier === 'twilio' ? twilio : sandbox),
  },
];
