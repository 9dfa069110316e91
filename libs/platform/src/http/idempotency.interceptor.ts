import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Observable, from, lastValueFrom } from 'rxjs';
import { BusinessRuleError, ValidationFailedError } from '@app/kernel';

const IDEMPOTENT = 'assure:idempotent';

/**
 * Marks a create route: an `Idempotency-Key` replays the first answer for 24 hours. The
 * interceptor runs on these routes only, so no other request pays for an interceptor chain.
 */
export const Idempotent = () =>
  applyDecorators(SetMetadata(IDEMPOTENT, true), UseInterceptors(IdempotencyInterceptor));

const TTL_HOURS = 24;

interface StoredRow {
  request_hash: string;
  status: number | null;
  response: unknown;
}

/**
 * The same key with the same body within 24 h returns the first response and does nothing
 * again; with another body it is refused (422); while the first is still running, 409.
 * Keys are scoped to the caller's firm (or the platform operator).
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly em: EntityManager,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (
      context.getType() !== 'http' ||
      !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())
    )
      return next.handle();
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { member?: { firmId: string } }>();
    const header = request.headers['idempotency-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined) return next.handle();
    return from(this.run(context, request, key, next));
  }

  private async run(
    context: ExecutionContext,
    request: FastifyRequest & { member?: { firmId: string } },
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new ValidationFailedError([
        {
          field: 'Idempotency-Key',
          message: 'Idempotency-Key must be 1–200 visible ASCII characters',
        },
      ]);
    }
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const scope = request.member?.firmId ?? 'platform';
    const route = `${request.method} ${request.routeOptions?.url ?? request.url}`;
    const hash = createHash('sha256')
      .update(route)
      .update('\n')
      .update(request.url)
      .update('\n')
      .update(JSON.stringify(request.body ?? null))
      .digest('hex');
    const conn = this.em.getConnection();

    await conn.execute(
      `delete from idempotency_keys where scope = ? and key = ? and created_at < now() - interval '${TTL_HOURS} hours'`,
      [scope, key],
    );
    const inserted = await conn.execute<{ key: string }[]>(
      `insert into idempotency_keys (scope, key, request_hash, created_at) values (?, ?, ?, now()) on conflict do nothing returning key`,
      [scope, key, hash],
    );
    if (inserted.length === 0) {
      const [row] = await conn.execute<StoredRow[]>(
        `select request_hash, status, response from idempotency_keys where scope = ? and key = ?`,
        [scope, key],
      );
      if (!row)
        throw new BusinessRuleError(
          'idempotency_request_in_progress',
          'conflict',
          'A request with this Idempotency-Key is still being processed.',
        );
      if (row.request_hash !== hash) {
        throw new BusinessRuleError(
          'idempotency_key_reused',
          'unprocessable',
          'This Idempotency-Key was already used with a different request.',
        );
      }
      if (row.status === null) {
        throw new BusinessRuleError(
          'idempotency_request_in_progress',
          'conflict',
          'A request with this Idempotency-Key is still being processed.',
        );
      }
      void reply.status(row.status).header('Idempotent-Replayed', 'true');
      return row.response;
    }
    try {
      const result = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await conn.execute(
        `update idempotency_keys set status = ?, response = ? where scope = ? and key = ?`,
        [reply.statusCode, JSON.stringify(result ?? null), scope, key],
      );
      return result;
    } catch (error) {
      // A failed attempt leaves nothing behind, so the client may retry with the same key.
      await conn.execute(`delete from idempotency_keys where scope = ? and key = ?`, [scope, key]);
      throw error;
    }
  }
}
