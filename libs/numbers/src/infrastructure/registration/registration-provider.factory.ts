import type { FactoryProvider } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { AppConfig, TWILIO_CLIENT_OPTIONS, type TwilioClientOptions } from '@app/platform';
import {
  REGISTRATION_PROVIDER,
  type RegistrationProvider,
} from '../../application/registration/registration-provider.port';
import { SandboxRegistrationProvider } from './sandbox-registration-provider.adapter';
import { TwilioRegistrationProvider } from './twilio-registration-provider.adapter';

/** The one place the configured carrier chooses the adapter behind the RegistrationProvider port. */
export const registrationProviderFactory: FactoryProvider<RegistrationProvider> = {
  provide: REGISTRATION_PROVIDER,
  inject: [AppConfig, Clock, { token: TWILIO_CLIENT_OPTIONS, optional: true }],
  useFactory: (
    config: AppConfig,
    clock: Clock,
    twilioOptions?: TwilioClientOptions,
  ): RegistrationProvider => {
    switch (config.carrier) {
      case 'twilio':
        return new TwilioRegistrationProvider(config, twilioOptions ?? {});
      case 'sandbox':
        return new SandboxRegistrationProvider(clock);
    }
  },
};
