import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const STREAM_ROUTE = '/api/notifications/stream';

/**
 * A browser's EventSource cannot send an Authorization header, so the notification stream also
 * takes the access token as `?access_token=`. For that one route this copies it into the header
 * the global guard reads (an explicit header wins), and removes it from the URL so that request
 * logs never hold a token. Every other route still accepts the header only.
 */
export function acceptQueryToken(request: FastifyRequest): void {
  if (request.routeOptions.url !== STREAM_ROUTE) return;
  const url = new URL(request.raw.url ?? '/', 'http://localhost');
  const token = url.searchParams.get('access_token');
  if (token === null) return;
  url.searchParams.delete('access_token');
  request.raw.url = `${url.pathname}${url.search}`;
  if (token && request.raw.headers.authorization === undefined) {
    request.raw.headers.authorization = `Bearer ${token}`;
  }
}

@Injectable()
export class StreamQueryTokenHook implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    fastify.addHook('onRequest', async (request) => acceptQueryToken(request));
  }
}
