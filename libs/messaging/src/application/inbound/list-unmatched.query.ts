import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { PhoneNumber } from '@app/kernel';
import { Page, keysetPosition, toPage } from '@app/platform';
import { FindClientsByPhoneQuery, GetClientContactQuery } from '@app/directory';
import { MessageEntity } from '../../infrastructure/persistence/message.entity';
import { MessageView, toMessageView } from './message-view';

export interface MatchCandidate {
  id: string;
  name: string;
}

export type UnmatchedMessageView = MessageView & { candidates: MatchCandidate[] };

export class ListUnmatchedQuery extends Query<Page<UnmatchedMessageView>> {
  constructor(
    readonly firmId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

/**
 * Inbound texts no client could be chosen for, newest first. Candidates are the clients that
 * shared the phone when it arrived plus any client who has that phone now, so a client added
 * since shows up as the obvious choice.
 */
@QueryHandler(ListUnmatchedQuery)
export class ListUnmatchedHandler implements IQueryHandler<
  ListUnmatchedQuery,
  Page<UnmatchedMessageView>
> {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
  ) {}

  async execute({
    firmId,
    cursor,
    limit,
  }: ListUnmatchedQuery): Promise<Page<UnmatchedMessageView>> {
    const position = keysetPosition(cursor);
    const where: FilterQuery<MessageEntity> = { firmId, clientId: null, direction: 'inbound' };
    if (position) {
      const { at, id } = position;
      where.$or = [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }];
    }
    const rows = await this.em.fork().find(MessageEntity, where, {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: limit + 1,
    });
    const candidates = await this.candidatesFor(firmId, rows.slice(0, limit));
    return toPage(
      rows,
      limit,
      (m) => Object.assign(toMessageView(m), { candidates: candidates.get(m.id) ?? [] }),
      (m) => ({ k: m.createdAt.toISOString(), id: m.id }),
    );
  }

  private async candidatesFor(
    firmId: string,
    messages: MessageEntity[],
  ): Promise<Map<string, MatchCandidate[]>> {
    const byPeer = new Map<string, MatchCandidate[]>();
    const byId = new Map<string, MatchCandidate | null>();
    for (const m of messages) {
      const phone = PhoneNumber.parse(m.peerNumber)?.e164;
      if (!phone || byPeer.has(m.peerNumber)) continue;
      const clients = await this.queries.execute(new FindClientsByPhoneQuery(firmId, phone));
      byPeer.set(
        m.peerNumber,
        clients.map((c) => ({ id: c.id, name: c.name })),
      );
      for (const c of clients) byId.set(c.id, { id: c.id, name: c.name });
    }
    for (const id of messages.flatMap((m) => m.matchCandidates ?? [])) {
      if (byId.has(id)) continue;
      const client = await this.queries.execute(new GetClientContactQuery(firmId, id));
      byId.set(id, client ? { id: client.id, name: client.name } : null);
    }
    const result = new Map<string, MatchCandidate[]>();
    for (const m of messages) {
      const list = new Map<string, MatchCandidate>();
      for (const id of m.matchCandidates ?? []) {
        const candidate = byId.get(id);
        if (candidate) list.set(id, candidate);
      }
      for (const candidate of byPeer.get(m.peerNumber) ?? []) list.set(candidate.id, candidate);
      result.set(m.id, [...list.values()]);
    }
    return result;
  }
}
