import { Logger, OnModuleDestroy } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { txSql } from '@app/platform';
import type {
  NotificationBroadcaster,
  NotificationListener,
} from '../../application/ports/notification-broadcaster.port';
import type { LiveNotification } from '../../application/notification-view';
import { MemberFanOut, parseLiveNotification } from '../../application/live/member-fan-out';

const CHANNEL = 'aps_notifications';
const MAX_RECONNECT_DELAY_MS = 30_000;

/**
 * LISTEN/NOTIFY on a real PostgreSQL. `announce` issues NOTIFY on the event's own transaction:
 * PostgreSQL delivers it to every listening process only when that transaction commits, and
 * drops it on rollback, so no after-commit hook is needed. Each process opens one LISTEN
 * connection, lazily on its first open stream (worker-only processes never do), reconnects
 * with backoff, and hands what it hears to its own streams.
 */
export class PgNotifyBroadcaster implements NotificationBroadcaster, OnModuleDestroy {
  private readonly logger = new Logger('NotificationBroadcaster');
  private readonly fanOut = new MemberFanOut();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private reconnectDelayMs = 500;
  private stopped = false;

  constructor(private readonly databaseUrl: string) {}

  async announce(em: EntityManager, notification: LiveNotification): Promise<void> {
    // One statement for all of a transaction's announcements, in the order they were made.
    txSql(em).deferRows(`notify:${CHANNEL}`, JSON.stringify(notification), (payloads) => ({
      text: 'select pg_notify($1, p) from unnest($2::text[]) as p',
      values: [CHANNEL, payloads],
    }));
  }

  async listen(memberId: string, listener: NotificationListener): Promise<() => void> {
    await this.ensureListening();
    return this.fanOut.add(memberId, listener);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private ensureListening(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('shutting down'));
    this.connecting ??= this.connect().catch((error: unknown) => {
      this.connecting = null;
      throw error;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'assure-pro-notifications',
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      const notification = parseLiveNotification(message.payload);
      if (notification) this.fanOut.deliver(notification);
    });
    client.on('error', (error) => {
      this.logger.warn({ msg: 'notification listener lost its connection', reason: error.message });
      this.dropped(client);
    });
    client.on('end', () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelayMs = 500;
  }

  /** A lost connection is replaced while anyone is listening; what was sent meanwhile is missed. */
  private dropped(client: Client): void {
    if (this.client !== client) return;
    client.removeAllListeners();
    this.client = null;
    this.connecting = null;
    if (this.stopped) return;
    const retry = () => {
      if (this.stopped || this.fanOut.members === 0 || this.connecting) return;
      this.ensureListening().catch(() => {
        this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, MAX_RECONNECT_DELAY_MS);
        setTimeout(retry, this.reconnectDelayMs).unref();
      });
    };
    setTimeout(retry, this.reconnectDelayMs).unref();
  }
}
