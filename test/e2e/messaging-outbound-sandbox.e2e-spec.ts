import { randomUUID } from 'node:crypto';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import { claimFirmNumber, randomUsPhone } from '../support/twilio-inbound';
import { MessageBody, messageIn, thread, waitFor } from '../support/outbound-messaging';

interface ThreadRow {
  clientId: string;
  clientName: string;
  lastMessage: MessageBody;
  unreadCount: number;
}

/** The default sandbox carrier, threads, read marks and the number card's times. */
describe('outbound SMS with the sandbox carrier, and threads', () => {
  let t: TestApp;
  let firm: TestFirm;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm('Birch Tax');
    await claimFirmNumber(firm);
  });
  afterAll(() => t?.close());

  const newClient = (name = `Client ${randomUUID().slice(0, 6)}`) =>
    t.createClient(firm, { name, phone: randomUsPhone() });
  const send = async (clientId: string, body: string) =>
    (
      await firm
        .as('staff')
        .post(`/api/clients/${clientId}/messages`)
        .send({ channel: 'sms', body })
        .expect(202)
    ).body as MessageBody;
  const reply = (from: string, body: string) =>
    firm.as('owner').post('/api/sandbox/inbound').send({ from, body }).expect(202);
  const threads = async (role: 'staff' | 'owner' | 'viewer', query = '') =>
    (await firm.as(role).get(`/api/threads${query}`).expect(200)).body as {
      items: ThreadRow[];
      nextCursor: string | null;
    };

  it('accepts a text and reports it delivered, through the status pipeline', async () => {
    const client = await newClient();
    const queued = await send(client.id, 'Your documents arrived, thank you.');
    expect(queued.status).toBe('queued');
    const delivered = await waitFor(
      () => messageIn(firm.as('staff'), client.id, queued.id),
      (m) => m?.status === 'delivered',
    );
    expect(delivered).toMatchObject({ status: 'delivered', errorCode: null });
    expect(Date.parse(delivered?.statusUpdatedAt ?? '')).toBeGreaterThan(
      Date.parse(queued.createdAt) - 1,
    );
  });

  describe('a thread', () => {
    it('lists newest first, page by page, without gaps or repeats', async () => {
      const client = await newClient();
      const sent: string[] = [];
      for (const body of ['one', 'two', 'three', 'four', 'five']) {
        sent.push((await send(client.id, body)).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const res = await firm
          .as('viewer')
          .get(`/api/clients/${client.id}/messages?limit=2${query}`)
          .expect(200);
        const page = res.body as { items: MessageBody[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([...sent].reverse());
    });

    it('refuses a cursor it did not issue', async () => {
      const client = await newClient();
      const res = await firm
        .as('staff')
        .get(`/api/clients/${client.id}/messages?cursor=not-a-cursor`)
        .expect(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });

  describe('the threads list', () => {
    let ada: { id: string; phone: string | null };
    let ben: { id: string; phone: string | null };

    beforeAll(async () => {
      ada = await newClient('Ada Archer');
      ben = await newClient('Ben Booker');
      await send(ada.id, 'Hello Ada');
      await send(ben.id, 'Hello Ben');
      await reply(ada.phone as string, 'Thanks, will do');
      await reply(ada.phone as string, 'Also, one question');
    });

    it('shows one row a client, most recent first, with the last message and unread count', async () => {
      const { items } = await threads('staff');
      const ours = items.filter((r) => [ada.id, ben.id].includes(r.clientId));
      expect(ours).toEqual([
        {
          clientId: ada.id,
          clientName: 'Ada Archer',
          lastMessage: expect.objectContaining({
            direction: 'inbound',
            body: 'Also, one question',
            status: 'received',
          }),
          unreadCount: 2,
        },
        {
          clientId: ben.id,
          clientName: 'Ben Booker',
          lastMessage: expect.objectContaining({
            direction: 'outbound',
            body: expect.stringMatching(/^Hello Ben\n\n/),
          }),
          unreadCount: 0,
        },
      ]);
      expect(items.map((r) => r.clientId).indexOf(ada.id)).toBe(0);
    });

    it('marks a thread read for the caller only', async () => {
      await firm.as('staff').post(`/api/clients/${ada.id}/messages/read`).expect(204);
      const forStaff = (await threads('staff')).items.find((r) => r.clientId === ada.id);
      const forOwner = (await threads('owner')).items.find((r) => r.clientId === ada.id);
      expect(forStaff?.unreadCount).toBe(0);
      expect(forOwner?.unreadCount).toBe(2);

      await reply(ada.phone as string, 'One more thing');
      const after = (await threads('staff')).items.find((r) => r.clientId === ada.id);
      expect(after?.unreadCount).toBe(1);
    });

    it('pages with a cursor', async () => {
      const all = (await threads('viewer', '?limit=200')).items.map((r) => r.clientId);
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = await threads('viewer', `?limit=2${query}`);
        paged.push(...page.items.map((r) => r.clientId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(all);
      expect(all.length).toBeGreaterThanOrEqual(4);
    });

    it("is the firm's own: another firm sees none of it and cannot mark it read", async () => {
      const other = await t.provisionFirm();
      const theirs = (await other.as('staff').get('/api/threads').expect(200)).body as {
        items: ThreadRow[];
      };
      expect(theirs.items).toEqual([]);
      await other.as('staff').post(`/api/clients/${ada.id}/messages/read`).expect(404);
      await other.as('staff').get(`/api/clients/${ada.id}/messages`).expect(404);
    });
  });

  it("keeps the number card's last outbound and last activity times", async () => {
    const client = await newClient();
    const sent = await send(client.id, 'Card times');
    const afterSend = (await firm.as('owner').get('/api/sms/number').expect(200)).body;
    expect(afterSend.lastOutboundAt).toBe(sent.createdAt);
    expect(afterSend.lastActivityAt).toBe(sent.createdAt);

    await reply(client.phone as string, 'Got it');
    const inbound = (await thread(firm.as('staff'), client.id)).find(
      (m) => m.direction === 'inbound',
    );
    const afterReply = (await firm.as('owner').get('/api/sms/number').expect(200)).body;
    expect(afterReply.lastOutboundAt).toBe(sent.createdAt);
    expect(afterReply.lastActivityAt).toBe(inbound?.createdAt);
  });
});
