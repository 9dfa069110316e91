import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '@app/kernel';
import { ClientEntity } from '../infrastructure/persistence/client.entity';
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
    const rows = await (tx ?? this.em.fork()).find(ClientEntity, { firmId, id: { $in: ids } });
    return rows.map((c) => ({
      id: c.id,
      firmId: c.firmId,
      name: c.name,
      phone: c.phone,
      email: c.email,
    }));
  }
}
