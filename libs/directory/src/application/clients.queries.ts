import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { NotFoundError, isUuid } from '@app/kernel';
import { Page, keysetPosition, readSql, toPage } from '@app/platform';
import { GetSmsConsentQuery } from '@app/compliance';
import { ClientEntity } from '../infrastructure/persistence/client.entity';
import {
  ClientContact,
  FindClientsByPhoneQuery,
  FindClientsByPhonesQuery,
  GetClientContactQuery,
} from '../contracts/client.contracts';
import { ClientView, toClientView } from './client-view';
import { RememberedPhoneClients } from './remembered-phone-clients';

export class ListClientsQuery extends Query<Page<ClientView>> {
  constructor(
    readonly firmId: string,
    readonly search: string | undefined,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

export class GetClientQuery extends Query<ClientView> {
  constructor(
    readonly firmId: string,
    readonly clientId: string,
  ) {
    super();
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

@QueryHandler(ListClientsQuery)
export class ListClientsHandler implements IQueryHandler<ListClientsQuery, Page<ClientView>> {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
  ) {}

  async execute({ firmId, search, cursor, limit }: ListClientsQuery): Promise<Page<ClientView>> {
    const em = this.em.fork();
    const position = keysetPosition(cursor);
    const where: FilterQuery<ClientEntity>[] = [{ firmId }];
    const term = search?.trim();
    if (term) {
      const like = `%${escapeLike(term)}%`;
      const digits = term.replace(/\D/g, '');
      const or: FilterQuery<ClientEntity>[] = [
        { name: { $ilike: like } },
        { email: { $ilike: like } },
      ];
      if (digits.length >= 3) or.push({ phone: { $like: `%${digits}%` } });
      where.push({ $or: or });
    }
    if (position) {
      const { at, id } = position;
      where.push({ $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }] });
    }
    const rows = await em.find(
      ClientEntity,
      { $and: where },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 },
    );
    const consent = await this.queries.execute(
      new GetSmsConsentQuery(
        firmId,
        rows.map((r) => r.id),
      ),
    );
    return toPage(
      rows,
      limit,
      (r) => toClientView(r, consent[r.id]),
      (r) => ({ k: r.createdAt.toISOString(), id: r.id }),
    );
  }
}

@QueryHandler(GetClientQuery)
export class GetClientHandler implements IQueryHandler<GetClientQuery, ClientView> {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
  ) {}

  async execute({ firmId, clientId }: GetClientQuery): Promise<ClientView> {
    if (!isUuid(clientId)) throw new NotFoundError('Client');
    const client = await this.em.fork().findOne(ClientEntity, { id: clientId, firmId });
    if (!client) throw new NotFoundError('Client');
    const consent = await this.queries.execute(new GetSmsConsentQuery(firmId, [client.id]));
    return toClientView(client, consent[client.id]);
  }
}

@QueryHandler(GetClientContactQuery)
export class GetClientContactHandler implements IQueryHandler<
  GetClientContactQuery,
  ClientContact | null
> {
  constructor(private readonly em: EntityManager) {}

  /** On every send: plain SQL on the primary key, no hydration. */
  async execute({ firmId, clientId, tx }: GetClientContactQuery): Promise<ClientContact | null> {
    if (!isUuid(clientId)) return null;
    const [client] = await readSql<ClientContact>(
      tx ?? this.em.fork(),
      `select id, firm_id as "firmId", name, phone, email from clients
        where id = $1 and firm_id = $2`,
      [clientId, firmId],
    );
    return client ?? null;
  }
}

@QueryHandler(FindClientsByPhoneQuery)
export class FindClientsByPhoneHandler implements IQueryHandler<
  FindClientsByPhoneQuery,
  ClientContact[]
> {
  constructor(private readonly em: EntityManager) {}

  /** On every inbound text: plain SQL on the firm-and-phone index, no hydration. */
  execute({ firmId, phone, tx }: FindClientsByPhoneQuery): Promise<ClientContact[]> {
    return readSql<ClientContact>(
      tx ?? this.em.fork(),
      `select id, firm_id as "firmId", name, phone, email from clients
        where firm_id = $1 and phone = $2 order by created_at asc, id asc`,
      [firmId, phone],
    );
  }
}

@QueryHandler(FindClientsByPhonesQuery)
export class FindClientsByPhonesHandler implements IQueryHandler<
  FindClientsByPhonesQuery,
  ClientContact[]
> {
  constructor(
    private readonly em: EntityManager,
    private readonly remembered: RememberedPhoneClients,
  ) {}

  /**
   * For a group of inbound texts: one plain SQL read on the firm-and-phone index, of the pairs
   * this process does not remember (with `remembered`) or of all of them.
   */
  async execute({ pairs, tx, remembered }: FindClientsByPhonesQuery): Promise<ClientContact[]> {
    if (!remembered || !tx) return this.read(pairs, tx);
    const found: ClientContact[] = [];
    const unknown: Array<{ firmId: string; phone: string }> = [];
    for (const pair of pairs) {
      const known = this.remembered.use(tx, pair.firmId, pair.phone);
      if (known) found.push(...known);
      else unknown.push(pair);
    }
    if (unknown.length === 0) return found;
    const read = await this.read(unknown, tx);
    for (const { firmId, phone } of unknown) {
      this.remembered.remember(
        firmId,
        phone,
        read.filter((c) => c.firmId === firmId && c.phone === phone),
      );
    }
    return found.concat(read);
  }

  private read(
    pairs: readonly { firmId: string; phone: string }[],
    tx: EntityManager | undefined,
  ): Promise<ClientContact[]> {
    if (pairs.length === 0) return Promise.resolve([]);
    return readSql<ClientContact>(
      tx ?? this.em.fork(),
      `select c.id, c.firm_id as "firmId", c.name, c.phone, c.email
         from clients c
         join unnest($1::uuid[], $2::text[]) as p(firm_id, phone)
           on c.firm_id = p.firm_id and c.phone = p.phone
        order by c.created_at asc, c.id asc`,
      [pairs.map((p) => p.firmId), pairs.map((p) => p.phone)],
    );
  }
}
