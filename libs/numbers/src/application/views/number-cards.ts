import { Injectable } from '@nestjs/common';
import { QueryBus, QueryHandlerNotFoundException } from '@nestjs/cqrs';
import { displayPhone } from '@app/kernel';
import { GetFirmMessagingTimesQuery, type FirmMessagingTimes } from '@app/messaging';
import { AppConfig } from '@app/platform';
import type { FirmNumberEntity } from '../../infrastructure/persistence/firm-number.entity';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import { sendingMayBeBlocked } from '../registration/sending-may-be-blocked';
import type { ActiveNumberCard } from './number-card';

const NO_TIMES: FirmMessagingTimes = { lastOutboundAt: null, lastActivityAt: null };

/** Builds the number card from the active row and the messaging context's timestamps. */
@Injectable()
export class NumberCards {
  constructor(
    private readonly queries: QueryBus,
    private readonly registrations: RegistrationRepository,
    private readonly config: AppConfig,
  ) {}

  async of(row: FirmNumberEntity): Promise<ActiveNumberCard> {
    const [times, registration] = await Promise.all([
      this.messagingTimes(row.firmId),
      this.registrations.latestForFirm(row.firmId),
    ]);
    const status = registration?.status ?? 'not_started';
    return {
      state: 'active',
      phoneNumber: row.phoneNumber,
      display: displayPhone(row.phoneNumber),
      status: 'active',
      connectedAt: row.claimedAt.toISOString(),
      lastOutboundAt: times.lastOutboundAt,
      lastActivityAt: times.lastActivityAt,
      inboundPaused: row.inboundPaused,
      registration: { status, sendingMayBeBlocked: sendingMayBeBlocked(this.config, status) },
    };
  }

  private async messagingTimes(firmId: string): Promise<FirmMessagingTimes> {
    try {
      return await this.queries.execute(new GetFirmMessagingTimesQuery(firmId));
    } catch (error) {
      // Messaging answers this once it registers a handler; until then the card shows no times.
      if (error instanceof QueryHandlerNotFoundException) return NO_TIMES;
      throw error;
    }
  }
}
