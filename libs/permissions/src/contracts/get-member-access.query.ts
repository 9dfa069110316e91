import { Query } from '@nestjs/cqrs';
import type { Role } from '../domain/role-policy';

export interface MemberAccess {
  id: string;
  firmId: string;
  name: string;
  email: string;
  role: Role;
}

/**
 * Answered by the directory context, which owns members: the current role of an active member,
 * or null. The guard asks it on every request so a changed role takes effect at once.
 */
export class GetMemberAccessQuery extends Query<MemberAccess | null> {
  constructor(
    readonly memberId: string,
    readonly firmId: string,
  ) {
    super();
  }
}
