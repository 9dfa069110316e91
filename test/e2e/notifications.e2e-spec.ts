import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus } from '@app/platform';
import { startTestApp, TestApp, TestFirm } from '../support/test-app';
import {
  SseClient,
  alertsDelivered,
  deliveryFailure,
  eventually,
  inboundText,
  notificationsOf,
  publish,
} from '../support/notifications';

/**
 * Who is told what, in the app: replies reach every member, texts from unknown numbers only
 * those who triage them, paused inbound nobody, a failed delivery only its sender. Events are
 * published on a transaction exactly as messaging publishes them.
 */
describe('in-app notifications', () => {
  let t: TestApp;
  let firm: TestFirm;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm();
  });
  afterAll(() => t.close());

  const withMessage = async (role: 'owner' | 'admin' | 'staff' | 'viewer', messageId: string) =>
    (await notificationsOf(firm, role)).filter((n) => n.messageId === messageId);

  it('tells every member about a client’s reply, naming the client and linking the thread', async () => {
    const client = await t.createClient(firm, { name: 'Ana Ortiz', phone: '+15035550142' });
    const event = await inboundText(t, firm, { clientId: client.id, clientName: 'Ana Ortiz' });
    await publish(t, event);
    for (const role of ['owner', 'admin', 'staff', 'viewer'] as const) {
      expect(await withMessage(role, event.messageId)).toEqual([
        {
          id: expect.any(String),
          type: 'sms.reply',
          title: 'New text from Ana Ortiz',
          body: expect.stringContaining('Ana Ortiz'),
          clientId: client.id,
          messageId: event.messageId,
          link: `/inbox/${client.id}`,
          createdAt: expect.any(String),
          readAt: null,
        },
      ]);
    }
  });

  it('names the client from the directory when the event does not', async () => {
    const client = await t.createClient(firm, { name: 'Bo Brandt' });
    const event = await inboundText(t, firm, { clientId: client.id, clientName: null });
    await publish(t, event);
    const [n] = await withMessage('staff', event.messageId);
    expect(n.title).toBe('New text from Bo Brandt');
  });

  it('never tells anyone twice about the same message', async () => {
    const event = await inboundText(t, firm);
    await publish(t, event);
    await publish(t, event);
    expect(await withMessage('owner', event.messageId)).toHaveLength(1);
  });

  it('tells only owners and admins about a text from an unknown number', async () => {
    const event = await inboundText(t, firm, {
      clientId: null,
      clientName: null,
      from: '+15035559876',
    });
    await publish(t, event);
    for (const role of ['owner', 'admin'] as const) {
      const [n] = await withMessage(role, event.messageId);
      expect(n).toMatchObject({ type: 'sms.unmatched', clientId: null, link: '/unmatched' });
      expect(n.body).toContain('9876');
      expect(n.body).not.toContain('555');
    }
    expect(await withMessage('staff', event.messageId)).toEqual([]);
    expect(await withMessage('viewer', event.messageId)).toEqual([]);
  });

  it('tells nobody about texts received while inbound is paused', async () => {
    const matched = await inboundText(t, firm, { paused: true });
    const unmatched = await inboundText(t, firm, {
      clientId: null,
      clientName: null,
      paused: true,
    });
    await publish(t, matched, unmatched);
    for (const role of ['owner', 'admin', 'staff', 'viewer'] as const) {
      expect(await withMessage(role, matched.messageId)).toEqual([]);
      expect(await withMessage(role, unmatched.messageId)).toEqual([]);
    }
  });

  it('tells only the sender that a text was not delivered', async () => {
    const client = await t.createClient(firm, { name: 'Cy Cole' });
    const failed = deliveryFailure(firm, { clientId: client.id, sentBy: firm.members.staff.id });
    await publish(t, failed);
    expect(await withMessage('staff', failed.messageId)).toEqual([
      expect.objectContaining({
        type: 'sms.delivery_failed',
        title: 'Your text to Cy Cole was not delivered',
        clientId: client.id,
        link: `/inbox/${client.id}`,
      }),
    ]);
    for (const role of ['owner', 'admin', 'viewer'] as const) {
      expect(await withMessage(role, failed.messageId)).toEqual([]);
    }
    const unsent = deliveryFailure(firm, { clientId: client.id, sentBy: null });
    await publish(t, unsent);
    for (const role of ['owner', 'admin', 'staff', 'viewer'] as const) {
      expect(await withMessage(role, unsent.messageId)).toEqual([]);
    }
  });

  it('writes nothing when the transaction that published the event rolls back', async () => {
    const event = await inboundText(t, firm);
    await expect(
      t.app
        .get(EntityManager)
        .fork()
        .transactional(async (tx) => {
          await t.app.get(IntegrationEventBus).publish(tx, event);
          throw new Error('the inbound transaction failed');
        }),
    ).rejects.toThrow('the inbound transaction failed');
    await alertsDelivered(t);
    expect(await withMessage('owner', event.messageId)).toEqual([]);
  });
});

describe('listing and reading notifications', () => {
  let t: TestApp;
  let firm: TestFirm;
  let other: TestFirm;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm();
    other = await t.provisionFirm();
  });
  afterAll(() => t.close());

  it('pages newest first and filters unread; reading is per member', async () => {
    const events = [];
    for (const name of ['First Client', 'Second Client', 'Third Client']) {
      const event = await inboundText(t, firm, { clientName: name });
      await publish(t, event);
      events.push(event);
    }
    const first = await firm.as('staff').get('/api/notifications?limit=2').expect(200);
    expect(first.body.items.map((n: { title: string }) => n.title)).toEqual([
      'New text from Third Client',
      'New text from Second Client',
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await firm
      .as('staff')
      .get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`)
      .expect(200);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ title: 'New text from First Client' })],
      nextCursor: null,
    });

    const target = first.body.items[0] as { id: string };
    await firm.as('staff').post(`/api/notifications/${target.id}/read`).expect(204);
    await firm.as('staff').post(`/api/notifications/${target.id}/read`).expect(204);
    const unread = await firm.as('staff').get('/api/notifications?unread=true').expect(200);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(target.id);
    expect(unread.body.items).toHaveLength(2);
    const all = await notificationsOf(firm, 'staff');
    expect(all.find((n) => n.id === target.id)?.readAt).toEqual(expect.any(String));
    // The owner's copy of the same alert is still unread.
    const ownerUnread = await notificationsOf(firm, 'owner', '&unread=true');
    expect(ownerUnread.map((n) => n.messageId)).toContain(events[2].messageId);
  });

  it('answers 404 for another member’s or another firm’s notification and for non-ids', async () => {
    const event = await inboundText(t, firm);
    await publish(t, event);
    const [ownerCopy] = (await notificationsOf(firm, 'owner')).filter(
      (n) => n.messageId === event.messageId,
    );
    const res = await firm.as('staff').post(`/api/notifications/${ownerCopy.id}/read`).expect(404);
    expect(res.body.code).toBe('not_found');
    await other.as('owner').post(`/api/notifications/${ownerCopy.id}/read`).expect(404);
    await firm.as('owner').post(`/api/notifications/${randomUUID()}/read`).expect(404);
    await firm.as('owner').post('/api/notifications/not-a-uuid/read').expect(404);
    expect((await notificationsOf(other, 'owner')).map((n) => n.messageId)).not.toContain(
      event.messageId,
    );
    const [still] = (await notificationsOf(firm, 'owner')).filter((n) => n.id === ownerCopy.id);
    expect(still.readAt).toBeNull();
  });

  it('refuses bad list parameters', async () => {
    for (const query of ['unread=maybe', 'limit=0', 'limit=500', 'cursor=%7Bnope', 'extra=1']) {
      const res = await firm.as('viewer').get(`/api/notifications?${query}`);
      expect({ query, status: res.status, code: res.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
    await t.http().get('/api/notifications').expect(401);
  });
});

describe('notification preferences', () => {
  let t: TestApp;
  let firm: TestFirm;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm();
  });
  afterAll(() => t.close());

  it('default to in-app and email, and save per member', async () => {
    await firm
      .as('staff')
      .get('/api/me/notification-preferences')
      .expect(200, { smsReply: { inApp: true, email: true } });
    const saved = await firm
      .as('staff')
      .put('/api/me/notification-preferences')
      .send({ smsReply: { inApp: false, email: true } })
      .expect(200);
    expect(saved.body).toEqual({ smsReply: { inApp: false, email: true } });
    await firm
      .as('staff')
      .get('/api/me/notification-preferences')
      .expect(200, { smsReply: { inApp: false, email: true } });
    await firm
      .as('viewer')
      .get('/api/me/notification-preferences')
      .expect(200, { smsReply: { inApp: true, email: true } });
  });

  it('leave out of the app those who turned in-app off', async () => {
    await firm
      .as('admin')
      .put('/api/me/notification-preferences')
      .send({ smsReply: { inApp: false, email: false } })
      .expect(200);
    const event = await inboundText(t, firm);
    await publish(t, event);
    const has = async (role: 'owner' | 'admin') =>
      (await notificationsOf(firm, role)).some((n) => n.messageId === event.messageId);
    expect(await has('owner')).toBe(true);
    expect(await has('admin')).toBe(false);
  });

  it('refuse anything but exactly the documented shape', async () => {
    const bodies: object[] = [
      {},
      { smsReply: null },
      { smsReply: { inApp: true } },
      { smsReply: { inApp: true, email: 'yes' } },
      { smsReply: { inApp: 1, email: true } },
      { smsReply: { inApp: true, email: true, sms: true } },
      { smsReply: { inApp: true, email: true }, digest: 'daily' },
      { smsReply: [{ inApp: true, email: true }] },
      { smsReply: 'true' },
    ];
    for (const body of bodies) {
      const res = await firm.as('owner').put('/api/me/notification-preferences').send(body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({
        body,
        status: 400,
        code: 'validation_failed',
      });
    }
    await firm
      .as('owner')
      .get('/api/me/notification-preferences')
      .expect(200, { smsReply: { inApp: true, email: true } });
  });
});

describe('the notification stream (Server-Sent Events)', () => {
  let t: TestApp;
  let firm: TestFirm;
  const open: SseClient[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm();
  });
  afterAll(async () => {
    open.forEach((c) => c.close());
    await t.close();
  });

  const connect = async (auth: { header?: string; queryToken?: string }) => {
    const res = await SseClient.open(t.baseUrl, auth);
    if (res.client) open.push(res.client);
    return res;
  };

  it('pushes a new notification to the member’s open stream (Bearer header)', async () => {
    const { status, client } = await connect({ header: `Bearer ${firm.members.staff.token}` });
    expect(status).toBe(200);
    const event = await inboundText(t, firm, { clientName: 'Dee Dunn' });
    await publish(t, event);
    const [pushed] = await eventually(() => {
      const found = client!.notifications().filter((n) => n.messageId === event.messageId);
      return found.length ? found : undefined;
    }, 'the pushed notification');
    const [stored] = (await notificationsOf(firm, 'staff')).filter(
      (n) => n.messageId === event.messageId,
    );
    expect(pushed).toEqual(stored);
  });

  it('accepts the token as ?access_token= for EventSource, and only its member’s alerts', async () => {
    const viewer = await connect({ queryToken: firm.members.viewer.token });
    const owner = await connect({ header: `Bearer ${firm.members.owner.token}` });
    expect(viewer.status).toBe(200);
    const unmatched = await inboundText(t, firm, { clientId: null, clientName: null });
    const reply = await inboundText(t, firm, { clientName: 'Eve Ernst' });
    await publish(t, unmatched);
    await publish(t, reply);
    await eventually(
      () =>
        viewer.client!.notifications().some((n) => n.messageId === reply.messageId)
          ? true
          : undefined,
      'the reply on the viewer’s stream',
    );
    await eventually(
      () =>
        owner
          .client!.notifications()
          .filter((n) => [reply.messageId, unmatched.messageId].includes(n.messageId)).length === 2
          ? true
          : undefined,
      'both alerts on the owner’s stream',
    );
    expect(viewer.client!.notifications().map((n) => n.messageId)).not.toContain(
      unmatched.messageId,
    );
  });

  it('never pushes what a rolled-back transaction announced', async () => {
    const { client } = await connect({ header: `Bearer ${firm.members.admin.token}` });
    const rolledBack = await inboundText(t, firm, { clientName: 'Never Happened' });
    await expect(
      t.app
        .get(EntityManager)
        .fork()
        .transactional(async (tx) => {
          await t.app.get(IntegrationEventBus).publish(tx, rolledBack);
          throw new Error('rolled back');
        }),
    ).rejects.toThrow('rolled back');
    const sentinel = await inboundText(t, firm, { clientName: 'Did Happen' });
    await publish(t, sentinel);
    await eventually(
      () =>
        client!.notifications().some((n) => n.messageId === sentinel.messageId) ? true : undefined,
      'the committed notification',
    );
    expect(client!.notifications().map((n) => n.messageId)).not.toContain(rolledBack.messageId);
  });

  it('refuses a stream without a valid token', async () => {
    for (const auth of [{}, { queryToken: 'garbage' }, { header: 'Bearer garbage' }]) {
      const res = await connect(auth);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'unauthenticated' });
    }
  });

  it('does not accept a query token on other routes', async () => {
    await t.http().get(`/api/notifications?access_token=${firm.members.owner.token}`).expect(401);
  });
});
