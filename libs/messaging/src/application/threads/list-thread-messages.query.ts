import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError, isUuid } from '@app/kernel';
import { Page, keysetPosition, readSql, toPage } from '@app/platform';
import { GetClientContactQuery } from '@app/directory';
import {
  THREAD_MESSAGE_COLUMNS,
  ThreadMessageRow,
  ThreadMessageView,
  fromThreadMessageRow,
  toThreadMessageView,
} from './thread-message-view';

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

    // Keyset over messages_thread_idx (firm, client, created_at desc, id desc). Plain rows, no
    // hydration: every opened thread reads a page, and hydrating it cost more than the query.
    const params: unknown[] = [firmId, clientId];
    let after = '';
    if (position) {
      params.push(position.at, position.id);
      after = 'and (created_at < $3 or (created_at = $3 and id < $4))';
    }
    params.push(limit + 1);
    const read = await readSql<ThreadMessageRow>(
      this.em.fork(),
      `select ${THREAD_MESSAGE_COLUMNS} from messages
        where firm_id = $1 and client_id = $2 ${after}
        order by created_at desc, id desc
        limit $${params.length}`,
      params,
    );
    const rows = read.map(fromThreadMessageRow);
    return toPage(rows, limit, toThreadMessageView, (m) => ({
      k: m.createdAt.toISOString(),
      id: m.id,
    }));
  }
}
