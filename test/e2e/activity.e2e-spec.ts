import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEvent, IntegrationEventBus, txSql } from '@app/platform';
import { NumberClaimed, NumberReleased } from '@app/numbers';
import {
  InboundMessageReceived,
  MessageDeliveryFailed,
  OutboundMessageQueued,
} from '@app/messaging';
import { ClientOptedIn, ClientOptedOut } from '@app/compliance';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';

interface Entry {
  id: string;
  type: string;
  occurredAt: string;
  actorId: string | null;
  clientId: string | null;
  messageId: string | null;
  data: Record<string, unknown>;
}

const FIRM_NUMBER = '+15035550100';
const CLIENT_PHONE = '+15035550142';

/** A minute after a fixed start: entries of a test get distinct, known times. */
const minute = (n: number) => new Date(Date.UTC(2026, 10, 2, 9, n)).toISOString();

/**
 * The audit API over entries recorded from the other contexts' real integration events,
 * published here on the bus inside a transaction as those contexts do.
 */
describe('activity log and audit queries', () => {
  let t: TestApp;
  let firm: TestFirm;
  let other: TestFirm;
  let bus: IntegrationEventBus;
  let em: EntityManager;
  const client = randomUUID();
  const secondClient = randomUUID();
  const messages = { out: randomUUID(), failed: randomUUID(), in: randomUUID() };

  async function publish(...events: IntegrationEvent[]): Promise<void> {
    await em.fork().transactional((tx) => bus.publish(tx, ...events));
  }

  async function list(query: Record<string, string | number> = {}, f = firm): Promise<Entry[]> {
    const res = await f.as('owner').get('/api/activity').query(query).expect(200);
    return res.body.items as Entry[];
  }

  beforeAll(async () => {
    t = await startTestApp();
    [firm, other] = await Promise.all([t.provisionFirm(), t.provisionFirm()]);
    bus = t.app.get(IntegrationEventBus);
    em = t.app.get(EntityManager);
    const owner = firm.members.owner.id;
    const admin = firm.members.admin.id;
    await publish(
      new NumberClaimed(firm.id, FIRM_NUMBER, owner, minute(0)),
      new OutboundMessageQueued(
        firm.id,
        messages.out,
        client,
        admin,
        CLIENT_PHONE,
        FIRM_NUMBER,
        2,
        'GSM-7',
        true,
        null,
        minute(1),
      ),
    );
    await publish(
      new MessageDeliveryFailed(
        firm.id,
        messages.failed,
        client,
        admin,
        'undelivered',
        '30003',
        'Unreachable destination handset',
        minute(2),
      ),
    );
    await publish(
      new InboundMessageReceived(
        firm.id,
        messages.in,
        client,
        'Ana Client',
        CLIENT_PHONE,
        FIRM_NUMBER,
        1,
        'STOP',
        false,
        false,
        minute(3),
      ),
      new ClientOptedOut(firm.id, client, 'keyword', 'STOP', null, messages.in, null, minute(3)),
    );
    await publish(
      new ClientOptedIn(firm.id, client, 'START', null, randomUUID(), minute(4)),
      new ClientOptedOut(
        firm.id,
        secondClient,
        'staff',
        null,
        admin,
        null,
        '=HYPERLINK("http://evil.example","click")',
        minute(5),
      ),
      new NumberReleased(firm.id, FIRM_NUMBER, owner, minute(6)),
    );
    await publish(new NumberClaimed(other.id, '+15035550199', other.members.owner.id, minute(0)));
  });
  afterAll(() => t.close());

  describe('recording', () => {
    it('records each event as its entry, newest first, without message bodies or names', async () => {
      const items = await list();
      expect(items.map((e) => e.type)).toEqual([
        'sms.number.released',
        'sms.client.opted_out',
        'sms.client.opted_in',
        'sms.client.opted_out',
        'sms.message.inbound',
        'sms.message.delivery_failed',
        'sms.message.outbound',
        'sms.number.claimed',
      ]);
      const byType = (type: string) => items.filter((e) => e.type === type);
      expect(byType('sms.number.claimed')[0]).toEqual({
        id: expect.any(String),
        type: 'sms.number.claimed',
        occurredAt: minute(0),
        actorId: firm.members.owner.id,
        clientId: null,
        messageId: null,
        data: { phoneNumber: FIRM_NUMBER },
      });
      expect(byType('sms.message.outbound')[0]).toMatchObject({
        actorId: firm.members.admin.id,
        clientId: client,
        messageId: messages.out,
        data: {
          to: CLIENT_PHONE,
          from: FIRM_NUMBER,
          segments: 2,
          encoding: 'GSM-7',
          includesDisclosure: true,
          templateId: null,
        },
      });
      expect(byType('sms.message.delivery_failed')[0]).toMatchObject({
        actorId: null,
        messageId: messages.failed,
        data: {
          errorCode: '30003',
          reason: 'Unreachable destination handset',
          status: 'undelivered',
        },
      });
      expect(byType('sms.message.inbound')[0]).toMatchObject({
        actorId: null,
        clientId: client,
        messageId: messages.in,
        data: {
          from: CLIENT_PHONE,
          to: FIRM_NUMBER,
          segments: 1,
          keyword: 'STOP',
          possibleOptOut: false,
          matched: true,
          receivedWhilePaused: false,
        },
      });
      expect(byType('sms.client.opted_out').map((e) => e.data.via)).toEqual(['staff', 'keyword']);
      expect(byType('sms.client.opted_in')[0]).toMatchObject({ data: { keyword: 'START' } });
      expect(JSON.stringify(items)).not.toContain('Ana Client');
    });

    it('keeps entries of one instant in the order they were recorded', async () => {
      const items = await list({ from: minute(3), to: minute(3) });
      expect(items.map((e) => e.type)).toEqual(['sms.client.opted_out', 'sms.message.inbound']);
    });

    it('writes the entry in the change’s transaction: a rolled-back change leaves none', async () => {
      const f = await t.provisionFirm();
      await expect(
        em.fork().transactional(async (tx) => {
          await bus.publish(
            tx,
            new NumberClaimed(f.id, FIRM_NUMBER, f.members.owner.id, minute(0)),
          );
          throw new Error('the claim failed after its event');
        }),
      ).rejects.toThrow('the claim failed after its event');
      expect(await list({}, f)).toEqual([]);

      await publish(new NumberClaimed(f.id, FIRM_NUMBER, f.members.owner.id, minute(1)));
      expect((await list({}, f)).map((e) => e.occurredAt)).toEqual([minute(1)]);
    });

    it('refuses to change or remove an entry, in the database itself', async () => {
      const [entry] = await list();
      for (const statement of [
        `update activity_log set type = 'sms.number.claimed' where id = $1`,
        `delete from activity_log where id = $1`,
        `truncate activity_log`,
      ]) {
        await expect(
          em
            .fork()
            .transactional((tx) =>
              txSql(tx).query(statement, statement.includes('$1') ? [entry.id] : []),
            ),
        ).rejects.toThrow(/append-only/);
      }
      expect((await list())[0]).toEqual(entry);
    });
  });

  describe('filters', () => {
    it('by exact type and by a prefix', async () => {
      expect((await list({ type: 'sms.client.opted_out' })).map((e) => e.clientId)).toEqual([
        secondClient,
        client,
      ]);
      expect((await list({ type: 'sms.message.*' })).map((e) => e.type)).toEqual([
        'sms.message.inbound',
        'sms.message.delivery_failed',
        'sms.message.outbound',
      ]);
      expect((await list({ type: 'sms.number.*' })).map((e) => e.type)).toEqual([
        'sms.number.released',
        'sms.number.claimed',
      ]);
      expect(await list({ type: 'sms.*' })).toHaveLength(8);
    });

    it('reads a prefix that ends inside a word', async () => {
      expect((await list({ type: 'sms.client.opted_*' })).map((e) => e.type)).toEqual([
        'sms.client.opted_out',
        'sms.client.opted_in',
        'sms.client.opted_out',
      ]);
    });

    it('by client and by actor', async () => {
      expect((await list({ clientId: client })).map((e) => e.type)).toEqual([
        'sms.client.opted_in',
        'sms.client.opted_out',
        'sms.message.inbound',
        'sms.message.delivery_failed',
        'sms.message.outbound',
      ]);
      expect((await list({ actorId: firm.members.owner.id })).map((e) => e.type)).toEqual([
        'sms.number.released',
        'sms.number.claimed',
      ]);
      expect(
        (await list({ actorId: firm.members.admin.id, type: 'sms.client.*' })).map(
          (e) => e.clientId,
        ),
      ).toEqual([secondClient]);
    });

    it('by time, both bounds inclusive, in any offset', async () => {
      expect((await list({ from: minute(2), to: minute(4) })).map((e) => e.occurredAt)).toEqual([
        minute(4),
        minute(3),
        minute(3),
        minute(2),
      ]);
      expect(await list({ from: '2026-11-02T01:05:00-08:00' })).toHaveLength(2);
      expect(await list({ to: '2026-11-01' })).toEqual([]);
    });

    it.each([
      [{ type: 'sms.message' }, 'type'],
      [{ type: 'sms.message.sent' }, 'type'],
      [{ type: 'email.*' }, 'type'],
      [{ type: 'sms.%' }, 'type'],
      [{ clientId: 'not-a-uuid' }, 'clientId'],
      [{ actorId: "1' or '1'='1" }, 'actorId'],
      [{ from: 'last tuesday' }, 'from'],
      [{ to: '2026-02-30' }, 'to'],
      [{ from: minute(5), to: minute(4) }, 'from'],
      [{ cursor: 'bm90IGEgY3Vyc29y' }, 'cursor'],
      [{ limit: 0 }, 'limit'],
      [{ limit: 201 }, 'limit'],
      [{ firmId: randomUUID() }, 'firmId'],
    ])('answers %j with 400 validation_failed naming %s', async (query, field) => {
      const res = await firm.as('owner').get('/api/activity').query(query).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('pagination', () => {
    it('walks every entry once, newest first, with limit 3', async () => {
      const all = await list();
      const seen: Entry[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: Record<string, string | number> = { limit: 3 };
        if (cursor) query.cursor = cursor;
        const res = await firm.as('admin').get('/api/activity').query(query).expect(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(all);
    });

    it('keeps the filter across pages', async () => {
      const first = await firm
        .as('owner')
        .get('/api/activity')
        .query({ type: 'sms.message.*', limit: 2 })
        .expect(200);
      expect(first.body.items).toHaveLength(2);
      const second = await firm
        .as('owner')
        .get('/api/activity')
        .query({ type: 'sms.message.*', limit: 2, cursor: first.body.nextCursor })
        .expect(200);
      expect(second.body).toEqual({
        items: [expect.objectContaining({ type: 'sms.message.outbound' })],
        nextCursor: null,
      });
    });
  });

  describe('CSV export', () => {
    it('streams the same query as CSV, guarding against formulas', async () => {
      const res = await firm
        .as('owner')
        .get('/api/activity')
        .query({ type: 'sms.client.*' })
        .set('Accept', 'text/csv')
        .expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const today = new Date().toISOString().slice(0, 10);
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="activity-${firm.id}-${today}.csv"`,
      );
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe('id,type,occurredAt,actorId,clientId,messageId,data');
      expect(lines.slice(1, -1).map((l) => l.split(',')[1])).toEqual([
        'sms.client.opted_out',
        'sms.client.opted_in',
        'sms.client.opted_out',
      ]);
      expect(lines[lines.length - 1]).toBe('');
      // Only the last cell (data, one JSON value) can hold commas; RFC 4180 quotes it.
      const json = await list({ type: 'sms.client.*' });
      const rows = lines.slice(1, -1).map((l) => {
        const cells = l.split(',');
        const data = cells.slice(6).join(',');
        expect(data).toMatch(/^".*"$/);
        return { id: cells[0], data: JSON.parse(data.slice(1, -1).replace(/""/g, '"')) };
      });
      expect(rows).toEqual(json.map((e) => ({ id: e.id, data: e.data })));
      expect(rows[0].data.reason).toBe('=HYPERLINK("http://evil.example","click")');
      // No cell starts with a character a spreadsheet would run as a formula.
      expect(lines.slice(1).every((l) => !/(^|,)"?[=+\-@]/.test(l))).toBe(true);
    });

    it('exports every matching entry past the page limit, in order, once', async () => {
      const f = await t.provisionFirm();
      const events = Array.from(
        { length: 1203 },
        (_, i) =>
          new NumberClaimed(
            f.id,
            FIRM_NUMBER,
            f.members.owner.id,
            new Date(Date.UTC(2026, 9, 1) + i * 1000).toISOString(),
          ),
      );
      await publish(...events);
      const res = await f
        .as('admin')
        .get('/api/activity')
        .query({ limit: 5 })
        .set('Accept', 'text/csv')
        .expect(200);
      const rows = res.text.trimEnd().split('\r\n').slice(1);
      expect(rows).toHaveLength(1203);
      const times = rows.map((r) => r.split(',')[2]);
      expect(times[0]).toBe(events[1202].occurredAt);
      expect(times[1202]).toBe(events[0].occurredAt);
      expect(new Set(rows.map((r) => r.split(',')[0])).size).toBe(1203);
    });

    it('answers a bad filter with a 400 problem, not a broken download', async () => {
      const res = await firm
        .as('owner')
        .get('/api/activity')
        .query({ clientId: 'nope' })
        .set('Accept', 'text/csv')
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });

  describe('access', () => {
    it.each(['staff', 'viewer'] as const)('refuses %s (403 forbidden)', async (role) => {
      for (const accept of ['application/json', 'text/csv']) {
        const res = await firm.as(role).get('/api/activity').set('Accept', accept).expect(403);
        expect(res.body.code).toBe('forbidden');
      }
    });

    it('shows a firm only its own entries, whatever the filter', async () => {
      const items = await list({}, other);
      expect(items.map((e) => e.type)).toEqual(['sms.number.claimed']);
      expect(await list({ clientId: client }, other)).toEqual([]);
      expect(await list({ actorId: firm.members.owner.id }, other)).toEqual([]);
    });
  });
});
