import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  Clock,
  NotFoundError,
  PhoneNumber,
  ValidationFailedError,
  maskPhone,
  newId,
} from '@app/kernel';
import { AppConfig, IntegrationEventBus } from '@app/platform';
import { GetFirmQuery } from '@app/directory';
import { NumberClaimed } from '../../../contracts/numbers.contracts';
import { NumberAlreadyActiveError, NumberUnavailableError } from '../../../domain/numbers.errors';
import { FirmNumberEntity } from '../../../infrastructure/persistence/firm-number.entity';
import { FirmNumberRepository } from '../../../infrastructure/persistence/firm-number.repository';
import { ReleaseOrphanNumberJob } from '../../jobs/release-orphan-number.job';
import {
  NUMBER_PROVIDER,
  type ClaimedNumber,
  type NumberProvider,
  type NumberWebhooks,
} from '../../ports/number-provider.port';
import type { ActiveNumberCard } from '../../views/number-card';
import { NumberCards } from '../../views/number-cards';
import { ClaimNumberCommand } from './claim-number.command';

/** Twilio keeps at most 64 characters of a number's friendly name. */
const FRIENDLY_NAME_MAX = 64;

/**
 * Buys first, records second: the carrier call never runs inside a transaction. When recording
 * fails — most often because a concurrent claim won — the number just bought is given back.
 */
@CommandHandler(ClaimNumberCommand)
export class ClaimNumberHandler implements ICommandHandler<ClaimNumberCommand, ActiveNumberCard> {
  private readonly logger = new Logger('ClaimNumber');

  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly events: IntegrationEventBus,
    private readonly queries: QueryBus,
    private readonly numbers: FirmNumberRepository,
    private readonly cards: NumberCards,
    private readonly orphans: ReleaseOrphanNumberJob,
    @Inject(NUMBER_PROVIDER) private readonly provider: NumberProvider,
  ) {}

  async execute({ firmId, actorId, phoneNumber }: ClaimNumberCommand): Promise<ActiveNumberCard> {
    const phone = PhoneNumber.parse(phoneNumber);
    if (!phone) {
      throw new ValidationFailedError([
        {
          field: 'phoneNumber',
          message: 'phoneNumber must be a US number or an E.164 number such as +15035550142',
        },
      ]);
    }
    if (await this.numbers.findActiveByFirm(firmId)) throw new NumberAlreadyActiveError();

    const webhooks = await this.webhooksFor(firmId);
    const claimed = await this.provider.claim(phone.e164, webhooks);
    let row: FirmNumberEntity;
    try {
      row = await this.record(firmId, actorId, claimed, webhooks.friendlyName);
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        await this.giveBack(claimed, firmId, 'a concurrent claim won');
        throw violates(error, 'firm_numbers_active_phone_unique')
          ? new NumberUnavailableError()
          : new NumberAlreadyActiveError();
      }
      await this.giveBack(claimed, firmId, 'the claim could not be recorded');
      throw error;
    }
    return this.cards.of(row);
  }

  private async webhooksFor(firmId: string): Promise<NumberWebhooks> {
    const firm = await this.queries.execute(new GetFirmQuery(firmId));
    if (!firm) throw new NotFoundError('Firm');
    const base = this.config.publicBaseUrl;
    return {
      smsUrl: `${base}/webhooks/twilio/sms`,
      statusCallbackUrl: `${base}/webhooks/twilio/status`,
      friendlyName: `Assure Pro — ${firm.name}`.slice(0, FRIENDLY_NAME_MAX),
    };
  }

  private record(
    firmId: string,
    actorId: string,
    claimed: ClaimedNumber,
    friendlyName: string,
  ): Promise<FirmNumberEntity> {
    const now = this.clock.now();
    return this.em.fork().transactional(async (tx) => {
      const row = tx.create(FirmNumberEntity, {
        id: newId(),
        firmId,
        phoneNumber: claimed.phoneNumber,
        carrierId: claimed.carrierId,
        friendlyName,
        status: 'active',
        claimedAt: now,
        claimedBy: actorId,
        releasedAt: null,
        releasedBy: null,
        inboundPaused: false,
        inboundPausedAt: null,
      });
      await tx.flush();
      await this.events.publish(
        tx,
        new NumberClaimed(firmId, claimed.phoneNumber, actorId, now.toISOString()),
      );
      return row;
    });
  }

  /** Compensation: a number bought but not recorded is released, now or by a durable job. */
  private async giveBack(claimed: ClaimedNumber, firmId: string, why: string): Promise<void> {
    const number = maskPhone(claimed.phoneNumber);
    try {
      // Only a carrier that handed the same number to a winner could make this true.
      if (await this.numbers.isCarrierIdActive(claimed.carrierId)) return;
      await this.provider.release(claimed.carrierId);
      this.logger.warn({ msg: `released ${number} again: ${why}`, firmId });
    } catch (releaseError) {
      this.logger.error({
        msg: `could not release ${number} after ${why}; queued for release`,
        firmId,
        err: releaseError,
      });
      try {
        await this.orphans.enqueue({ carrierId: claimed.carrierId, firmId });
      } catch (enqueueError) {
        this.logger.error({
          msg: `ORPHANED NUMBER ${number} (carrier id ${claimed.carrierId}): release it by hand`,
          firmId,
          err: enqueueError,
        });
      }
    }
  }
}

function violates(error: UniqueConstraintViolationException, constraint: string): boolean {
  const named = (error as { constraint?: unknown }).constraint;
  return named === constraint || error.message.includes(`"${constraint}"`);
}
