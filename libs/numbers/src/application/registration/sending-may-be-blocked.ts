import type { AppConfig } from '@app/platform';
import type { RegistrationStatus } from '../../contracts/registration.contracts';

/**
 * US carriers block application-to-person texts from a 10-digit number whose brand and campaign
 * are not registered (error 30034). The sandbox carrier blocks nothing.
 */
export function sendingMayBeBlocked(config: AppConfig, status: RegistrationStatus): boolean {
  return config.carrier === 'twilio' && status !== 'approved';
}
