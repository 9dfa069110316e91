import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import type { OutgoingHttpHeaders } from 'node:http';
import { ServiceUnavailableError } from '@app/kernel';
import type { FastifyReply } from 'fastify';
import {
  NOTIFICATION_BROADCASTER,
  NotificationBroadcaster,
} from '../../application/ports/notification-broadcaster.port';
import type { NotificationView } from '../../application/notification-view';

const HEARTBEAT_MS = 15_000;

/**
 * The open Server-Sent Events streams of this process. Each pushes its member's new
 * notifications as `event: notification`, sends a `: ping` comment every 15 s so proxies keep
 * the connection, and lets go of its listener when the browser disconnects. Shutting down ends
 * every stream, or the HTTP server would wait on them forever.
 */
@Injectable()
export class NotificationStreams implements OnModuleDestroy {
  private readonly closers = new Set<() => void>();

  constructor(
    @Inject(NOTIFICATION_BROADCASTER) private readonly broadcaster: NotificationBroadcaster,
  ) {}

  async open(memberId: string, reply: FastifyReply): Promise<void> {
    const raw = reply.raw;
    const early: NotificationView[] = [];
    let started = false;
    const send = (n: NotificationView) => {
      raw.write(`id: ${n.id}\nevent: notification\ndata: ${JSON.stringify(n)}\n\n`);
    };
    // Listening starts before the answer, so a stream that is open has missed nothing, and a
    // broadcaster that cannot listen fails the request with a proper error instead.
    let stopListening: () => void;
    try {
      stopListening = await this.broadcaster.listen(memberId, (n) =>
        started ? send(n) : early.push(n),
      );
    } catch {
      throw new ServiceUnavailableError(
        'live_notifications_unavailable',
        'Live notifications are unavailable right now. Try again shortly.',
      );
    }

    reply.hijack();
    if (raw.destroyed) {
      // The browser left while the listener was being set up.
      stopListening();
      return;
    }
    const headers: OutgoingHttpHeaders = {};
    // Headers set by earlier hooks (the request id) still apply to a hijacked reply.
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = value;
    }
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 5000\n: connected\n\n');
    started = true;
    early.forEach(send);

    const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const close = () => {
      if (!this.closers.delete(close)) return;
      clearInterval(heartbeat);
      stopListening();
      if (!raw.writableEnded) raw.end();
    };
    this.closers.add(close);
    raw.on('close', close);
    raw.on('error', close);
  }

  onModuleDestroy(): void {
    for (const close of [...this.closers]) close();
  }
}
