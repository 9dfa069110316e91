import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { UnauthenticatedError } from '@app/kernel';
import type { Permission } from '../../domain/role-policy';
import type { AuthenticatedMember } from '../../contracts/authenticated-member';

export const ACCESS_KEY = 'assure:access';

export type Access =
  { kind: 'public' } | { kind: 'platform' } | { kind: 'member'; permission: Permission | null };

/** No credentials needed: login, health, docs, carrier webhooks (which check signatures). */
export const Public = () => SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies Access);

/** The operator's PLATFORM_ADMIN_TOKEN. */
export const PlatformAdmin = () => SetMetadata(ACCESS_KEY, { kind: 'platform' } satisfies Access);

/** A signed-in member holding `permission` (or any member when null). */
export const RequirePermission = (permission: Permission | null) =>
  SetMetadata(ACCESS_KEY, { kind: 'member', permission } satisfies Access);

export const AnyMember = () => RequirePermission(null);

export const CurrentMember = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedMember => {
    const member = ctx.switchToHttp().getRequest<{ member?: AuthenticatedMember }>().member;
    if (!member) throw new UnauthenticatedError();
    return member;
  },
);
