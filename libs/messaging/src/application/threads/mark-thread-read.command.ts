import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock, NotFoundError, isUuid } from '@app/kernel';
import { LiveEvents, txSql } from '@app/platform';
import { GetClientContactQuery } from '@app/directory';

/** The caller has read a client's thread up to now. */
export class MarkThreadReadCommand extends Command<void> {
  constructor(
    readonly firmId: string,
    readonly memberId: string,
    readonly clientId: string,
  ) {
    super();
  }
}

@CommandHandler(MarkThreadReadCommand)
export class MarkThreadReadHandler implements ICommandHandler<MarkThreadReadCommand, void> {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async execute({ firmId, memberId, clientId }: MarkThreadReadCommand): Promise<void> {
    if (!isUuid(clientId)) throw new NotFoundError('Client');
    const client = await this.queries.execute(new GetClientContactQuery(firmId, clientId));
    if (!client) throw new NotFoundError('Client');
    await this.em.fork().transactional(async (tx) => {
      // A read mark never moves back (two tabs marking read in either order).
      await txSql(tx).query(
        `insert into thread_reads (client_id, member_id, firm_id, read_at) values ($1, $2, $3, $4)
         on conflict (client_id, member_id) do update
           set read_at = greatest(thread_reads.read_at, excluded.read_at)`,
        [clientId, memberId, firmId, this.clock.now()],
      );
    });
    this.live.publish({ firmId, memberId, type: 'thread.read', data: { clientId } });
  }
}
