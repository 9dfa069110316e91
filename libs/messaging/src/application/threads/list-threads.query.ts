import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Page, encodeCursor, keysetPosition, readSql } from '@app/platform';
import { GetClientContactsQuery } from '@app/directory';
import {
  THREAD_MESSAGE_COLUMNS,
  ThreadMessageRow,
  ThreadMessageView,
  fromThreadMessageRow,
  toThreadMessageView,
} from './thread-message-view';

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

    // Keyset over threads_recent_idx (firm, last_message_at desc, client_id desc). Plain rows,
    // no hydration: the inbox is read on every visit and on every live refresh.
    const params: unknown[] = [firmId];
    let after = '';
    if (position) {
      params.push(position.at, position.id);
      after = 'and (last_message_at < $2 or (last_message_at = $2 and client_id < $3))';
    }
    params.push(limit + 1);
    const threads = (
      await readSql<{ clientId: string; lastMessageId: string; lastMessageAt: Date | string }>(
        em,
        `select client_id as "clientId", last_message_id as "lastMessageId",
                last_message_at as "lastMessageAt"
           from threads where firm_id = $1 ${after}
          order by last_message_at desc, client_id desc
          limit $${params.length}`,
        params,
      )
    ).map((t) => ({ ...t, lastMessageAt: new Date(t.lastMessageAt) }));
    const page = threads.slice(0, limit);
    const clientIds = page.map((t) => t.clientId);
    // Independent reads on pooled connections: the page costs the slowest, not their sum.
    const [messages, clients, unread] = await Promise.all([
      page.length === 0
        ? []
        : readSql<ThreadMessageRow>(
            this.em.fork(),
            `select ${THREAD_MESSAGE_COLUMNS} from messages where firm_id = $1 and id = any($2::uuid[])`,
            [firmId, page.map((t) => t.lastMessageId)],
          ).then((rows) => rows.map(fromThreadMessageRow)),
      this.queries.execute(new GetClientContactsQuery(firmId, clientIds)),
      this.unreadCounts(this.em.fork(), firmId, memberId, clientIds),
    ]);
    const messageById = new Map(messages.map((m) => [m.id, m]));
    const nameById = new Map(clients.map((c) => [c.id, c.name]));

    const items = page.flatMap((t) => {
      const lastMessage = messageById.get(t.lastMessageId);
      if (!lastMessage) return [];
      return [
        {
          clientId: t.clientId,
          clientName: nameById.get(t.clientId) ?? '',
          lastMessage: toThreadMessageView(lastMessage),
          unreadCount: unread.get(t.clientId) ?? 0,
        },
      ];
    });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor:
        threads.length > limit
          ? encodeCursor({ k: last.lastMessageAt.toISOString(), id: last.clientId })
          : null,
    };
  }

  /**
   * Inbound texts that entered each thread after the caller's read mark (all of them without a
   * mark): those that arrived since, and older ones Unmatched triage put in since. Each part has
   * its own index range.
   */
  private async unreadCounts(
    em: EntityManager,
    firmId: string,
    memberId: string,
    clientIds: string[],
  ): Promise<Map<string, number>> {
    if (clientIds.length === 0) return new Map();
    const ids = clientIds.map(() => '?').join(', ');
    const rows = await em.getConnection().execute<{ client_id: string; unread: number }[]>(
      `select client_id, count(*)::int as unread from (
         select m.client_id
           from messages m
           left join thread_reads r on r.client_id = m.client_id and r.member_id = ?
          where m.firm_id = ? and m.client_id in (${ids})
            and m.direction = 'inbound'
            and (r.read_at is null or m.created_at > r.read_at)
         union all
         select m.client_id
           from messages m
           join thread_reads r on r.client_id = m.client_id and r.member_id = ?
          where m.firm_id = ? and m.client_id in (${ids})
            and m.assigned_at > r.read_at and m.created_at <= r.read_at
       ) entered group by client_id`,
      [memberId, firmId, ...clientIds, memberId, firmId, ...clientIds],
    );
    return new Map(rows.map((r) => [r.client_id, Number(r.unread)]));
  }
}
