import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { QueryBus } from '@nestjs/cqrs';
import { JwtService } from '@nestjs/jwt';
import { timingSafeEqual } from 'node:crypto';
import { ForbiddenError, UnauthenticatedError } from '@app/kernel';
import { AppConfig } from '@app/platform';
import { ACCESS_KEY, Access } from './auth.decorators';
import { GetMemberAccessQuery } from '../../contracts/get-member-access.query';
import type { AccessTokenClaims, AuthenticatedMember } from '../../contracts/authenticated-member';
import { permissionsOf, roleGrants } from '../../domain/role-policy';

interface GuardedRequest {
  headers: Record<string, string | string[] | undefined>;
  member?: AuthenticatedMember;
}

/**
 * The one guard of every route. A route without an access declaration is refused, so a
 * forgotten decorator fails closed.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const access = this.reflector.getAllAndOverride<Access | undefined>(ACCESS_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    if (!access) throw new ForbiddenError();
    if (access.kind === 'public') return true;
    const token = bearer(request);
    if (access.kind === 'platform') {
      const expected = this.config.platformAdminToken;
      if (!expected || !token || !safeEqual(token, expected))
        throw new ForbiddenError('A valid platform token is required.');
      return true;
    }
    if (!token) throw new UnauthenticatedError();
    const claims = await this.verify(token);
    const member = await this.queries.execute(new GetMemberAccessQuery(claims.sub, claims.firm));
    if (!member) throw new UnauthenticatedError('Your session is no longer valid. Sign in again.');
    // Object.assign, not a spread: V8 (Node 20) gives every object spread and then extended
    // hidden classes of its own, in old space, freed only by a full GC.
    request.member = Object.assign(member, { permissions: permissionsOf(member.role) });
    if (access.permission && !roleGrants(member.role, access.permission))
      throw new ForbiddenError();
    return true;
  }

  private async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        algorithms: ['HS256'],
      });
      if (typeof claims.sub !== 'string' || typeof claims.firm !== 'string')
        throw new Error('claims');
      return claims;
    } catch {
      throw new UnauthenticatedError('The access token is invalid or has expired.');
    }
  }
}

function bearer(request: GuardedRequest): string | null {
  const header = request.headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^Bearer\s+(\S+)$/i.exec(value) : null;
  return match ? match[1] : null;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
