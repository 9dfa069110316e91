import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Page, encodeCursor, keysetPosition, readSql } from '@app/platform';
import { GetClientContactsQuery } from '@app/directory';
import {
  ThreadMessageRow,
  ThreadMessageView,
  fromThreadMessageRow,
  toThreadMessageView,
} from './thread-message-view';
import { threadsPageSql } from './threads-page.sql';

/** A thread of the page with its last message's columns (all null if that message is gone). */
type ThreadPageRow = { threadClientId: string; threadAt: Date | string; unreadCount: number } & {
  [K in keyof ThreadMessageRow]: ThreadMessageRow[K] | null;
};

export interface ThreadView {
  clientId: string;
  clientName: string;
  lastMessage: ThreadMessageView;
  /** Texts from the client the caller has not read yet. */
  unreadCount: number;
}

/** The inbox: one row a client with messages, most recent first, unread counts per caller. */
export class ListThreadsQuery extends Query<Page<ThreadView>> {
  constructor(
    readonly firmId: string,
    readonly memberId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ListThreadsQuery)
export class ListThreadsHandler implements IQueryHandler<ListThreadsQuery, Page<ThreadView>> {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
  ) {}

  async execute(query: ListThreadsQuery): Promise<Page<ThreadView>> {
    const { firmId, memberId, limit } = query;
    const position = keysetPosition(query.cursor);
    const em = this.em.fork();

    // One statement, so one snapshot: the page, each thread's last message and the caller's
    // unread count are as of the same moment. Read apart, a text committed between the reads
    // showed its thread unread with the previous message as its last. Plain rows, no
    // hydration, as the inbox is read on every visit and on every live refresh.
    const params: unknown[] = [firmId, memberId];
    let after = '';
    if (position) {
      params.push(position.at, position.id);
      after = 'and (last_message_at < $3 or (last_message_at = $3 and client_id < $4))';
    }
    params.push(limit + 1);
    const rows = await readSql<ThreadPageRow>(em, threadsPageSql(after, params.length), params);
    const page = rows.slice(0, limit);
    const clients = await this.queries.execute(
      new GetClientContactsQuery(
        firmId,
        page.map((t) => t.threadClientId),
      ),
    );
    const nameById = new Map(clients.map((c) => [c.id, c.name]));

    const items = page.flatMap((row) => {
      if (row.id === null) return [];
      const { threadClientId, threadAt: _at, unreadCount, ...message } = row;
      return [
        {
          clientId: threadClientId,
          clientName: nameById.get(threadClientId) ?? '',
          lastMessage: toThreadMessageView(fromThreadMessageRow(message as ThreadMessageRow)),
          unreadCount,
        },
      ];
    });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        rows.length > limit
          ? encodeCursor({ k: new Date(last.threadAt).toISOString(), id: last.threadClientId })
          : null,
    };
  }
}
