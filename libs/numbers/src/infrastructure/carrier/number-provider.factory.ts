import type { FactoryProvider } from '@nestjs/common';
import { AppConfig, TWILIO_CLIENT_OPTIONS, type TwilioClientOptions } from '@app/platform';
import { NUMBER_PROVIDER, type NumberProvider } from '../../application/ports/number-provider.port';
import { FirmNumberRepository } from '../persistence/firm-number.repository';
import { SandboxNumberProvider } from './sandbox-number-provider.adapter';
import { TwilioNumberProvider } from './twilio-number-provider.adapter';

/** The one place the configured carrier chooses the adapter behind the NumberProvider port. */
export const numberProviderFactory: FactoryProvider<NumberProvider> = {
  provide: NUMBER_PROVIDER,
  inject: [AppConfig, FirmNumberRepository, { token: TWILIO_CLIENT_OPTIONS, optional: true }],
  useFactory: (
    config: AppConfig,
    numbers: FirmNumberRepository,
    twilioOptions?: TwilioClientOptions,
  ): NumberProvider => {
    switch (config.carrier) {
      case 'twilio':
        return new TwilioNumberProvider(config, twilioOptions ?? {});
      case 'sandbox':
        return new SandboxNumberProvider(numbers);
    }
  },
};
