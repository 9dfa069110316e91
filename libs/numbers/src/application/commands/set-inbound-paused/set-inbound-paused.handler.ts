import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock, NotFoundError, isUuid } from '@app/kernel';
import { GetFirmQuery } from '@app/directory';
import { NoActiveNumberError } from '../../../domain/numbers.errors';
import { FirmNumberEntity } from '../../../infrastructure/persistence/firm-number.entity';
import { RememberedNumbers } from '../../queries/firm-number/remembered-numbers';
import { InboundPauseState, SetInboundPausedCommand } from './set-inbound-paused.command';

/** The pause belongs to the active number: a number claimed later starts unpaused. */
@CommandHandler(SetInboundPausedCommand)
export class SetInboundPausedHandler implements ICommandHandler<
  SetInboundPausedCommand,
  InboundPauseState
> {
  constructor(
    private readonly em: EntityManager,
    private readonly clock: Clock,
    private readonly queries: QueryBus,
    private readonly remembered: RememberedNumbers,
  ) {}

  async execute({ firmId, paused }: SetInboundPausedCommand): Promise<InboundPauseState> {
    if (!isUuid(firmId) || !(await this.queries.execute(new GetFirmQuery(firmId)))) {
      throw new NotFoundError('Firm');
    }
    const em = this.em.fork();
    const active = await em.findOne(FirmNumberEntity, { firmId, status: 'active' });
    if (!active) throw new NoActiveNumberError();
    if (active.inboundPaused !== paused) {
      active.inboundPaused = paused;
      active.inboundPausedAt = paused ? this.clock.now() : null;
      await em.flush();
      this.remembered.forget(active.phoneNumber);
    }
    return { firmId, phoneNumber: active.phoneNumber, inboundPaused: active.inboundPaused };
  }
}
