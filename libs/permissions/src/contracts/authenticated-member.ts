import type { Permission, Role } from '../domain/role-policy';

/** Who is calling, as the guard established it. Primitive fields only. */
export interface AuthenticatedMember {
  id: string;
  firmId: string;
  name: string;
  email: string;
  role: Role;
  permissions: Permission[];
}

/** The claims of an access token. The role is read fresh on every request, never trusted from here. */
export interface AccessTokenClaims {
  sub: string;
  firm: string;
}
