import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  FirmMessagingTimes,
  GetFirmMessagingTimesQuery,
} from '../../contracts/messaging.contracts';
import { MessageEntity } from '../../infrastructure/persistence/message.entity';

/** When the firm last texted and last heard anything (unmatched texts included). */
@QueryHandler(GetFirmMessagingTimesQuery)
export class GetFirmMessagingTimesHandler implements IQueryHandler<
  GetFirmMessagingTimesQuery,
  FirmMessagingTimes
> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId }: GetFirmMessagingTimesQuery): Promise<FirmMessagingTimes> {
    const em = this.em.fork();
    // Both walk messages_firm_created_idx backwards and stop at the first row.
    const newest = (direction?: 'outbound') =>
      em.findOne(MessageEntity, direction ? { firmId, direction } : { firmId }, {
        orderBy: { createdAt: 'desc' },
        fields: ['createdAt'],
      });
    const lastOutbound = await newest('outbound');
    const lastActivity = await newest();
    return {
      lastOutboundAt: lastOutbound?.createdAt.toISOString() ?? null,
      lastActivityAt: lastActivity?.createdAt.toISOString() ?? null,
    };
  }
}
