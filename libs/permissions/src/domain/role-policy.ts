/** The role table of the contract. A role grants a fixed set of permissions; nothing else does. */
export const PERMISSIONS = [
  'firm_settings.view',
  'firm_settings.edit',
  'messages.send',
  'messages.view',
  'sms.unmatched.triage',
  'activity.view',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'admin', 'staff', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Permission[] = PERMISSIONS;

const POLICY: Record<Role, readonly Permission[]> = {
  owner: ALL,
  admin: ALL,
  staff: ['firm_settings.view', 'messages.send', 'messages.view'],
  viewer: ['messages.view'],
};

export function permissionsOf(role: Role): Permission[] {
  return [...POLICY[role]];
}

export function roleGrants(role: Role, permission: Permission): boolean {
  return POLICY[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
