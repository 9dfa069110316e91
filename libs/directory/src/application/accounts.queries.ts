import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '@app/kernel';
import { GetMemberAccessQuery, MemberAccess } from '@app/permissions';
import { readSql } from '@app/platform';
import { MemberEntity } from '../infrastructure/persistence/member.entity';
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
    // Every authenticated request asks: plain SQL, no hydration.
    const [member] = await readSql<MemberAccess>(
      this.em.fork(),
      'select id, firm_id as "firmId", name, email, role from members where id = $1 and firm_id = $2',
      [memberId, firmId],
    );
    return member ?? null;
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

  /** On every inbound text (who to alert): plain SQL, no hydration. */
  execute({ firmId, tx }: ListFirmMembersQuery): Promise<MemberSummary[]> {
    return readSql<MemberSummary>(
      tx ?? this.em.fork(),
      `select id, firm_id as "firmId", name, email, role from members
        where firm_id = $1 order by created_at asc, id asc`,
      [firmId],
    );
  }
}

@QueryHandler(GetFirmQuery)
export class GetFirmHandler implements IQueryHandler<GetFirmQuery, FirmSummary | null> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId, tx }: GetFirmQuery): Promise<FirmSummary | null> {
    if (!isUuid(firmId)) return null;
    const [firm] = await readSql<FirmSummary>(
      tx ?? this.em.fork(),
      'select id, name from firms where id = $1',
      [firmId],
    );
    return firm ?? null;
  }
}
