import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '@app/kernel';
import { GetMemberAccessQuery, MemberAccess } from '@app/permissions';
import { MemberEntity } from '../infrastructure/persistence/member.entity';
import { FirmEntity } from '../infrastructure/persistence/firm.entity';
import {
  FirmSummary,
  GetFirmQuery,
  ListFirmMembersQuery,
  MemberSummary,
} from '../contracts/client.contracts';
import { MemberView, toMemberView } from './accounts.commands';

export class ListMembersQuery extends Query<MemberView[]> {
  constructor(readonly firmId: string) {
    super();
  }
}

@QueryHandler(GetMemberAccessQuery)
export class GetMemberAccessHandler implements IQueryHandler<
  GetMemberAccessQuery,
  MemberAccess | null
> {
  constructor(private readonly em: EntityManager) {}

  async execute({ memberId, firmId }: GetMemberAccessQuery): Promise<MemberAccess | null> {
    if (!isUuid(memberId) || !isUuid(firmId)) return null;
    const m = await this.em.fork().findOne(MemberEntity, { id: memberId, firmId });
    return m ? { id: m.id, firmId: m.firmId, name: m.name, email: m.email, role: m.role } : null;
  }
}

@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery, MemberView[]> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId }: ListMembersQuery): Promise<MemberView[]> {
    const rows = await this.em
      .fork()
      .find(MemberEntity, { firmId }, { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 1000 });
    return rows.map(toMemberView);
  }
}

@QueryHandler(ListFirmMembersQuery)
export class ListFirmMembersHandler implements IQueryHandler<
  ListFirmMembersQuery,
  MemberSummary[]
> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId, tx }: ListFirmMembersQuery): Promise<MemberSummary[]> {
    const rows = await (tx ?? this.em.fork()).find(
      MemberEntity,
      { firmId },
      { orderBy: { createdAt: 'asc' } },
    );
    return rows.map((m) => ({
      id: m.id,
      firmId: m.firmId,
      name: m.name,
      email: m.email,
      role: m.role,
    }));
  }
}

@QueryHandler(GetFirmQuery)
export class GetFirmHandler implements IQueryHandler<GetFirmQuery, FirmSummary | null> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId, tx }: GetFirmQuery): Promise<FirmSummary | null> {
    if (!isUuid(firmId)) return null;
    const firm = await (tx ?? this.em.fork()).findOne(FirmEntity, { id: firmId });
    return firm ? { id: firm.id, name: firm.name } : null;
  }
}
