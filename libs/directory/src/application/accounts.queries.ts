import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { isUuid } from '@app/kernel';
import { GetMemberAccessQuery, MemberAccess } from '@app/permissions';
import { Page, keysetPosition, readSql, toPage } from '@app/platform';
import { MemberEntity } from '../infrastructure/persistence/member.entity';
import {
  FirmSummary,
  GetFirmQuery,
  ListFirmMembersQuery,
  MemberSummary,
} from '../contracts/client.contracts';
import { MemberView, toMemberView } from './accounts.commands';

/** A page of the firm's members, newest first. */
export class ListMembersQuery extends Query<Page<MemberView>> {
  constructor(
    readonly firmId: string,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
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
export class ListMembersHandler implements IQueryHandler<ListMembersQuery, Page<MemberView>> {
  constructor(private readonly em: EntityManager) {}

  async execute({ firmId, cursor, limit }: ListMembersQuery): Promise<Page<MemberView>> {
    const position = keysetPosition(cursor);
    const where: FilterQuery<MemberEntity> = position
      ? {
          firmId,
          $or: [
            { createdAt: { $lt: position.at } },
            { createdAt: position.at, id: { $lt: position.id } },
          ],
        }
      : { firmId };
    const rows = await this.em
      .fork()
      .find(MemberEntity, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
    return toPage(rows, limit, toMemberView, (r) => ({ k: r.createdAt.toISOString(), id: r.id }));
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
