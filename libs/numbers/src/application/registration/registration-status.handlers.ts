import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { isUuid } from '@app/kernel';
import { AppConfig } from '@app/platform';
import {
  FirmRegistrationStatus,
  GetMessagingServiceQuery,
  GetRegistrationStatusQuery,
} from '../../contracts/registration.contracts';
import { FirmNumberRepository } from '../../infrastructure/persistence/firm-number.repository';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import { sendingMayBeBlocked } from './sending-may-be-blocked';

@QueryHandler(GetRegistrationStatusQuery)
export class GetRegistrationStatusHandler implements IQueryHandler<
  GetRegistrationStatusQuery,
  FirmRegistrationStatus
> {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly config: AppConfig,
  ) {}

  async execute({ firmId, tx }: GetRegistrationStatusQuery): Promise<FirmRegistrationStatus> {
    const registration = isUuid(firmId) ? await this.registrations.latestForFirm(firmId, tx) : null;
    if (!registration) {
      return {
        firmId,
        status: 'not_started',
        updatedAt: null,
        failure: null,
        sendingMayBeBlocked: sendingMayBeBlocked(this.config, 'not_started'),
      };
    }
    let failure: FirmRegistrationStatus['failure'] = null;
    if (registration.status === 'failed') {
      const failed = (await this.registrations.steps(registration.id, tx)).find(
        (step) => step.status === 'failed',
      );
      if (failed)
        failure = { step: failed.name, reason: failed.detail ?? 'Rejected by the carrier.' };
    }
    return {
      firmId,
      status: registration.status,
      updatedAt: registration.updatedAt.toISOString(),
      failure,
      sendingMayBeBlocked: sendingMayBeBlocked(this.config, registration.status),
    };
  }
}

@QueryHandler(GetMessagingServiceQuery)
export class GetMessagingServiceHandler implements IQueryHandler<
  GetMessagingServiceQuery,
  string | null
> {
  constructor(
    private readonly registrations: RegistrationRepository,
    private readonly numbers: FirmNumberRepository,
  ) {}

  async execute({ firmId, tx }: GetMessagingServiceQuery): Promise<string | null> {
    if (!isUuid(firmId)) return null;
    const registration = await this.registrations.latestForFirm(firmId, tx);
    const service = registration?.messagingServiceSid;
    if (registration?.status !== 'approved' || !service) return null;
    // A service without the firm's current number would pick no sender, or a stale one.
    const number = await this.numbers.findActiveByFirm(firmId, tx);
    return number && number.carrierId === registration.attachedNumberSid ? service : null;
  }
}
