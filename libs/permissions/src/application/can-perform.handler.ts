import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { CanPerformQuery } from '../contracts/can-perform.query';
import { GetMemberAccessQuery } from '../contracts/get-member-access.query';
import { roleGrants } from '../domain/role-policy';

@QueryHandler(CanPerformQuery)
export class CanPerformHandler implements IQueryHandler<CanPerformQuery, boolean> {
  constructor(private readonly queries: QueryBus) {}

  async execute(query: CanPerformQuery): Promise<boolean> {
    const member = await this.queries.execute(
      new GetMemberAccessQuery(query.memberId, query.firmId),
    );
    return member !== null && roleGrants(member.role, query.permission);
  }
}
