import { permissionsOf, roleGrants } from './role-policy';

describe('role policy', () => {
  it.each([
    ['owner', 'activity.view', true],
    ['admin', 'sms.unmatched.triage', true],
    ['admin', 'firm_settings.edit', true],
    ['staff', 'firm_settings.view', true],
    ['staff', 'messages.send', true],
    ['staff', 'firm_settings.edit', false],
    ['staff', 'sms.unmatched.triage', false],
    ['staff', 'activity.view', false],
    ['viewer', 'messages.view', true],
    ['viewer', 'messages.send', false],
    ['viewer', 'firm_settings.view', false],
  ] as const)('%s may %s: %s', (role, permission, expected) => {
    expect(roleGrants(role, permission)).toBe(expected);
  });

  it('owners and admins hold all six permissions', () => {
    expect(permissionsOf('owner')).toHaveLength(6);
    expect(permissionsOf('admin')).toEqual(permissionsOf('owner'));
  });
});
