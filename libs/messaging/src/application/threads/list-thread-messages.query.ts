import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { NotFoundError, isUuid } from '@app/kernel';
import { Page, toPage } from '@app/platform';
import { GetClientContactQuery } from '@app/directory';
import { MessageEntity } from '../../infrastructure/persistence/message.entity';
import { keysetPosition } from './keyset-position';
import { ThreadMessageView, toThreadMessageView } from './thread-message-view';

/** One client's thread, newest first. */
export class ListThreadMessagesQuery extends Query<Page<ThreadMessageView>> {
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ListThreadMessagesQuery)
export class ListThreadMessagesHandler implements IQueryHandler<
  ListThreadMessagesQuery,
  Page<ThreadMessageView>
> {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
  ) {}

  async execute(query: ListThreadMessagesQuery): Promise<Page<ThreadMessageView>> {
    const { firmId, clientId, limit } = query;
    if (!isUuid(clientId)) throw new NotFoundError('Client');
    const position = keysetPosition(query.cursor);
    const client = await this.queries.execute(new GetClientContactQuery(firmId, clientId));
    if (!client) throw new NotFoundError('Client');

    // Keyset over messages_thread_idx (firm, client, created_at desc, id desc).
    const where: FilterQuery<MessageEntity> = { firmId, clientId };
    if (position) {
      const { at, id } = position;
      where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }];
    }
    const rows = await this.em
      .fork()
      .find(MessageEntity, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return toPage(rows, limit, toThreadMessageView, (m) => ({
      k: m.createdAt.toISOString(),
      id: m.id,
    }));
  }
}
