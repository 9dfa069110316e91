import { Query } from '@nestjs/cqrs';
import type { Permission } from '../domain/role-policy';

export class CanPerformQuery extends Query<boolean> {
  constructor(
    readonly memberId: string,
    readonly firmId: string,
    readonly permission: Permission,
  ) {
    super();
  }
}
