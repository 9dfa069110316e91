import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '@app/kernel';
import { readSql } from '@app/platform';
import { ClientContact, GetClientContactsQuery } from '../contracts/client.contracts';

/** Many clients in one query, for lists that show a name per row (the threads list). */
@QueryHandler(GetClientContactsQuery)
export class GetClientContactsHandler implements IQueryHandler<
  GetClientContactsQuery,
  ClientContact[]
> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId, clientIds, tx }: GetClientContactsQuery): Promise<ClientContact[]> {
    const ids = [...new Set(clientIds.filter(isUuid))];
    if (ids.length === 0) return [];
    // A page of the inbox names its clients: plain SQL, no hydration.
    return readSql<ClientContact>(
      tx ?? this.em.fork(),
      `select id, firm_id as "firmId", name, phone, email from clients
        where firm_id = $1 and id = any($2::uuid[])`,
      [firmId, ids],
    );
  }
}
