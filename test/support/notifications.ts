import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus, JobQueue } from '@app/platform';
import { INBOUND_ALERT_QUEUE } from '@app/notifications';
import { InboundMessageReceived, MessageDeliveryFailed } from '@app/messaging';
import type { RoleName, TestApp, TestFirm } from './test-app';

export interface NotificationBody {
  id: string;
  type: string;
  title: string;
  body: string;
  clientId: string | null;
  messageId: string;
  link: string;
  createdAt: string;
  readAt: string | null;
}

/** Polls until `probe` answers something other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Publishes events as messaging does: on a transaction, which commits when this resolves. The
 * worker fans a received text's alerts out after that commit; this waits for it too, so what the
 * staff were told can be read at once.
 */
export async function publish(
  t: TestApp,
  ...events: Array<InboundMessageReceived | MessageDeliveryFailed>
): Promise<void> {
  const bus = t.app.get(IntegrationEventBus);
  await t.app
    .get(EntityManager)
    .fork()
    .transactional((tx) => bus.publish(tx, ...events));
  await alertsDelivered(t);
}

/** Resolves once the worker has fanned out the alerts of every text received so far. */
export async function alertsDelivered(t: TestApp): Promise<void> {
  const queue = t.app.get(JobQueue);
  await eventually(async () => {
    const counts = await queue.counts(INBOUND_ALERT_QUEUE);
    const waiting = (counts.created ?? 0) + (counts.retry ?? 0) + (counts.active ?? 0);
    return waiting === 0 ? true : undefined;
  }, 'the alerts of received texts to be delivered');
}

/**
 * A received text as messaging announces it. A matched one is from a client the firm has (made
 * here unless `clientId` names one): its alert names the client as the directory knows them.
 */
export async function inboundText(
  t: TestApp,
  firm: TestFirm,
  fields: {
    clientId?: string | null;
    clientName?: string | null;
    from?: string;
    paused?: boolean;
    messageId?: string;
  } = {},
): Promise<InboundMessageReceived> {
  const clientName = fields.clientName === undefined ? 'Ana Ortiz' : fields.clientName;
  const clientId =
    fields.clientId === undefined
      ? (await t.createClient(firm, { name: clientName ?? 'Ana Ortiz' })).id
      : fields.clientId;
  return new InboundMessageReceived(
    firm.id,
    fields.messageId ?? randomUUID(),
    clientId,
    clientName,
    fields.from ?? '+15035550142',
    '+15035550100',
    1,
    null,
    false,
    fields.paused ?? false,
    new Date().toISOString(),
  );
}

export function deliveryFailure(
  firm: TestFirm,
  fields: { clientId: string | null; sentBy: string | null; messageId?: string },
): MessageDeliveryFailed {
  return new MessageDeliveryFailed(
    firm.id,
    fields.messageId ?? randomUUID(),
    fields.clientId,
    fields.sentBy,
    'undelivered',
    '30003',
    'Unreachable destination handset',
    new Date().toISOString(),
  );
}

export async function notificationsOf(
  firm: TestFirm,
  role: RoleName,
  query = '',
): Promise<NotificationBody[]> {
  const res = await firm.as(role).get(`/api/notifications?limit=200${query}`).expect(200);
  return (res.body as { items: NotificationBody[] }).items;
}

/** A Server-Sent Events connection read the way a browser would, over a raw HTTP request. */
export class SseClient {
  readonly events: Array<{ event: string; id: string; data: string }> = [];
  comments: string[] = [];
  private buffer = '';

  private constructor(private readonly request: http.ClientRequest) {}

  static open(
    baseUrl: string,
    auth: { header?: string; queryToken?: string },
  ): Promise<{ status: number; body: string; client: SseClient | null }> {
    const url = new URL('/api/notifications/stream', baseUrl);
    if (auth.queryToken) url.searchParams.set('access_token', auth.queryToken);
    return new Promise((resolve, reject) => {
      const request = http.get(
        url,
        {
          headers: {
            accept: 'text/event-stream',
            ...(auth.header && { authorization: auth.header }),
          },
        },
        (response) => {
          response.setEncoding('utf8');
          if (response.statusCode !== 200) {
            let body = '';
            response.on('data', (chunk: string) => (body += chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, body, client: null }),
            );
            return;
          }
          const client = new SseClient(request);
          let opened = false;
          response.on('data', (chunk: string) => {
            client.read(chunk);
            if (!opened && client.comments.includes('connected')) {
              opened = true;
              resolve({ status: 200, body: '', client });
            }
          });
        },
      );
      request.on('error', reject);
    });
  }

  close(): void {
    this.request.destroy();
  }

  notifications(): NotificationBody[] {
    return this.events
      .filter((e) => e.event === 'notification')
      .map((e) => JSON.parse(e.data) as NotificationBody);
  }

  private read(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const fields = { event: 'message', id: '', data: '' };
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('event: ')) fields.event = line.slice(7);
        else if (line.startsWith('id: ')) fields.id = line.slice(4);
        else if (line.startsWith('data: ')) fields.data += line.slice(6);
      }
      if (fields.data) this.events.push(fields);
    }
  }
}
