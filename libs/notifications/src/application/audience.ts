import type { MemberSummary } from '@app/directory';
import { Permission, isRole, roleGrants } from '@app/permissions';
import type { Recipient } from './alert-dispatcher';

/** The members whose role grants `permission`: who may see what an alert points to. */
export function membersWith(members: MemberSummary[], permission: Permission): Recipient[] {
  return members
    .filter((m) => isRole(m.role) && roleGrants(m.role, permission))
    .map((m) => ({ id: m.id, name: m.name, email: m.email }));
}
