import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import { NotificationStreams } from './notification-streams';
import type {
  NotificationBroadcaster,
  NotificationListener,
} from '../../application/ports/notification-broadcaster.port';
import type { NotificationView } from '../../application/notification-view';

class FakeBroadcaster implements NotificationBroadcaster {
  readonly listeners = new Map<string, NotificationListener>();
  announce(): Promise<void> {
    return Promise.resolve();
  }
  listen(memberId: string, listener: NotificationListener): Promise<() => void> {
    this.listeners.set(memberId, listener);
    return Promise.resolve(() => this.listeners.delete(memberId));
  }
}

class FakeResponse extends EventEmitter {
  written = '';
  destroyed = false;
  status = 0;
  headers: Record<string, unknown> = {};
  writableEnded = false;
  writeHead(status: number, headers: Record<string, unknown>) {
    this.status = status;
    this.headers = headers;
  }
  write(chunk: string) {
    this.written += chunk;
    return true;
  }
  end() {
    this.writableEnded = true;
  }
}

function reply(raw: FakeResponse): FastifyReply {
  return {
    raw,
    hijack: jest.fn(),
    getHeaders: () => ({ 'x-request-id': 'r1', 'x-unset': undefined }),
  } as unknown as FastifyReply;
}

const notification: NotificationView = {
  id: 'n1',
  type: 'sms.reply',
  title: 'New text from Ana Ortiz',
  body: 'Ana Ortiz sent a text message.',
  clientId: 'c1',
  messageId: 'm1',
  link: '/inbox/c1',
  createdAt: '2026-11-28T12:00:00.000Z',
  readAt: null,
};

describe('notification streams', () => {
  afterEach(() => jest.useRealTimers());

  it('answers an event stream and writes each notification as an event', async () => {
    const broadcaster = new FakeBroadcaster();
    const raw = new FakeResponse();
    await new NotificationStreams(broadcaster).open('member-1', reply(raw));
    expect(raw.status).toBe(200);
    expect(raw.headers).toMatchObject({
      'content-type': 'text/event-stream; charset=utf-8',
      'x-request-id': 'r1',
    });
    broadcaster.listeners.get('member-1')!(notification);
    expect(raw.written).toContain(
      `id: n1\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`,
    );
  });

  it('pings every 15 seconds and lets go when the browser disconnects', async () => {
    jest.useFakeTimers();
    const broadcaster = new FakeBroadcaster();
    const raw = new FakeResponse();
    await new NotificationStreams(broadcaster).open('member-1', reply(raw));
    jest.advanceTimersByTime(30_000);
    expect(raw.written.match(/: ping\n\n/g)).toHaveLength(2);
    raw.emit('close');
    expect(broadcaster.listeners.has('member-1')).toBe(false);
    jest.advanceTimersByTime(30_000);
    expect(raw.written.match(/: ping\n\n/g)).toHaveLength(2);
  });

  it('answers 503 when it cannot listen, before anything is written', async () => {
    const broadcaster = new FakeBroadcaster();
    broadcaster.listen = () => Promise.reject(new Error('connect ECONNREFUSED'));
    const raw = new FakeResponse();
    await expect(
      new NotificationStreams(broadcaster).open('member-1', reply(raw)),
    ).rejects.toMatchObject({
      kind: 'unavailable',
      code: 'live_notifications_unavailable',
    });
    expect(raw.status).toBe(0);
  });

  it('lets go at once of a browser that left while it was connecting', async () => {
    const broadcaster = new FakeBroadcaster();
    const raw = new FakeResponse();
    raw.destroyed = true;
    await new NotificationStreams(broadcaster).open('member-1', reply(raw));
    expect(broadcaster.listeners.size).toBe(0);
    expect(raw.written).toBe('');
  });

  it('ends every open stream on shutdown', async () => {
    const broadcaster = new FakeBroadcaster();
    const streams = new NotificationStreams(broadcaster);
    const raw = new FakeResponse();
    await streams.open('member-1', reply(raw));
    streams.onModuleDestroy();
    expect(raw.writableEnded).toBe(true);
    expect(broadcaster.listeners.size).toBe(0);
  });
});
