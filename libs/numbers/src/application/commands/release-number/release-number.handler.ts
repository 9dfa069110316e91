import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock, PhoneNumber } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import { NumberReleased } from '../../../contracts/numbers.contracts';
import { ConfirmationMismatchError, NoActiveNumberError } from '../../../domain/numbers.errors';
import { FirmNumberEntity } from '../../../infrastructure/persistence/firm-number.entity';
import { FirmNumberRepository } from '../../../infrastructure/persistence/firm-number.repository';
import { NUMBER_PROVIDER, type NumberProvider } from '../../ports/number-provider.port';
import { RememberedNumbers } from '../../queries/firm-number/remembered-numbers';
import { NO_NUMBER, type NoNumberCard } from '../../views/number-card';
import { ReleaseNumberCommand } from './release-number.command';

/**
 * Releases at the carrier first (idempotent, so a retry after a failed write is safe), then
 * marks the row released. The row stays as history; conversations are messaging's and stay too.
 */
@CommandHandler(ReleaseNumberCommand)
export class ReleaseNumberHandler implements ICommandHandler<ReleaseNumberCommand, NoNumberCard> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly events: IntegrationEventBus,
    private readonly numbers: FirmNumberRepository,
    private readonly remembered: RememberedNumbers,
    @Inject(NUMBER_PROVIDER) private readonly provider: NumberProvider,
  ) {}

  async execute({
    firmId,
    actorId,
    confirmPhoneNumber,
  }: ReleaseNumberCommand): Promise<NoNumberCard> {
    const active = await this.numbers.findActiveByFirm(firmId);
    if (!active) throw new NoActiveNumberError();
    if (PhoneNumber.parse(confirmPhoneNumber)?.e164 !== active.phoneNumber) {
      throw new ConfirmationMismatchError();
    }

    await this.provider.release(active.carrierId);

    const now = this.clock.now();
    await this.em.fork().transactional(async (tx) => {
      const released = await tx.nativeUpdate(
        FirmNumberEntity,
        { id: active.id, status: 'active' },
        { status: 'released', releasedAt: now, releasedBy: actorId },
      );
      // A concurrent release already recorded it; the fact is published once.
      if (released === 0) return;
      await this.events.publish(
        tx,
        new NumberReleased(firmId, active.phoneNumber, actorId, now.toISOString()),
      );
    });
    this.remembered.forget(active.phoneNumber);
    return NO_NUMBER;
  }
}
