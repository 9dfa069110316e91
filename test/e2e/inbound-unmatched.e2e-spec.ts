import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import {
  INBOUND_TEST_ENV,
  INBOUND_TEST_OPTIONS,
  claimFirmNumber,
  inboundParams,
  postInbound,
  randomUsPhone,
} from '../support/twilio-inbound';

interface MessageBody {
  id: string;
  clientId: string | null;
  body: string;
  from: string;
  direction: string;
}

describe('Unmatched triage', () => {
  let t: TestApp;
  let firm: TestFirm;
  let other: TestFirm;
  let firmNumber: string;
  let otherNumber: string;

  beforeAll(async () => {
    t = await startTestApp(INBOUND_TEST_ENV, INBOUND_TEST_OPTIONS);
    [firm, other] = await Promise.all([t.provisionFirm(), t.provisionFirm()]);
    firmNumber = await claimFirmNumber(firm);
    otherNumber = await claimFirmNumber(other);
  });
  afterAll(() => t.close());

  const text = (from: string, body: string, to = firmNumber) =>
    postInbound(t, inboundParams({ from, to, body })).expect(200);
  const unmatched = async (f = firm): Promise<MessageBody[]> =>
    (await f.as('admin').get('/api/sms/unmatched?limit=200').expect(200)).body.items;
  const findUnmatched = async (body: string, f = firm) => {
    const item = (await unmatched(f)).find((m) => m.body === body);
    if (!item) throw new Error(`no unmatched message "${body}"`);
    return item;
  };
  /** Triage saves the number's Unmatched texts to a client, as a member of `role`. */
  const saveSenderTo = async (
    from: string,
    clientId: string,
    role: 'owner' | 'admin' = 'owner',
  ) => {
    const item = (await unmatched()).find((m) => m.from === from);
    await firm
      .as(role)
      .post(`/api/sms/unmatched/${item?.id}/assign`)
      .send({ clientId, savePhoneToClient: true })
      .expect(200);
    return item;
  };
  const thread = async (clientId: string): Promise<MessageBody[]> =>
    (await firm.as('owner').get(`/api/clients/${clientId}/messages`).expect(200)).body.items;

  it('lists unmatched texts newest first, a page at a time', async () => {
    const phone = randomUsPhone();
    for (const body of ['first unknown', 'second unknown', 'third unknown'])
      await text(phone, body);
    const page1 = await firm.as('owner').get('/api/sms/unmatched?limit=2').expect(200);
    expect(page1.body.items.map((m: MessageBody) => m.body)).toEqual([
      'third unknown',
      'second unknown',
    ]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await firm
      .as('owner')
      .get(`/api/sms/unmatched?limit=2&cursor=${encodeURIComponent(page1.body.nextCursor)}`)
      .expect(200);
    expect(page2.body.items[0].body).toBe('first unknown');
    expect(page2.body.items[0]).toMatchObject({
      clientId: null,
      direction: 'inbound',
      status: 'received',
      from: phone,
      to: firmNumber,
      candidates: [],
    });
  });

  it('is for owners and admins only', async () => {
    await text(randomUsPhone(), 'triage me');
    const item = await findUnmatched('triage me');
    const c = await t.createClient(firm, { name: 'Staff Pick' });
    for (const role of ['staff', 'viewer'] as const) {
      const list = await firm.as(role).get('/api/sms/unmatched');
      expect([list.status, list.body.code]).toEqual([403, 'forbidden']);
      const assign = await firm
        .as(role)
        .post(`/api/sms/unmatched/${item.id}/assign`)
        .send({ clientId: c.id });
      expect([assign.status, assign.body.code]).toEqual([403, 'forbidden']);
    }
    expect((await findUnmatched('triage me')).clientId).toBeNull();
  });

  it('assigns a text to a client’s thread; later texts from that number stay unmatched', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Assigned Once', phone: randomUsPhone() });
    await text(phone, 'from my work phone');
    const item = await findUnmatched('from my work phone');

    const res = await firm
      .as('admin')
      .post(`/api/sms/unmatched/${item.id}/assign`)
      .send({ clientId: c.id })
      .expect(200);

    expect(res.body).toMatchObject({ id: item.id, clientId: c.id, body: 'from my work phone' });
    expect((await unmatched()).some((m) => m.id === item.id)).toBe(false);
    expect((await thread(c.id)).map((m) => m.id)).toEqual([item.id]);
    await text(phone, 'work phone again');
    expect((await findUnmatched('work phone again')).clientId).toBeNull();
  });

  it('with savePhoneToClient saves the number, brings the number’s other texts and routes the next one', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'New Phone Client' });
    await text(phone, 'new number, who dis');
    await text(phone, 'it is me, your client');
    const item = await findUnmatched('it is me, your client');

    await firm
      .as('owner')
      .post(`/api/sms/unmatched/${item.id}/assign`)
      .send({ clientId: c.id, savePhoneToClient: true })
      .expect(200);

    const saved = await firm.as('owner').get(`/api/clients/${c.id}`).expect(200);
    expect(saved.body.phone).toBe(phone);
    expect((await thread(c.id)).map((m) => m.body)).toEqual([
      'it is me, your client',
      'new number, who dis',
    ]);
    expect((await unmatched()).some((m) => m.from === phone)).toBe(false);

    await text(phone, 'and now I match');
    expect((await thread(c.id))[0]).toMatchObject({ body: 'and now I match', clientId: c.id });
  });

  it('applies a STOP sent from the number before anyone knew whose it was', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Late Stopper' });
    await text(phone, 'STOP');
    await saveSenderTo(phone, c.id);
    const saved = await firm.as('owner').get(`/api/clients/${c.id}`).expect(200);
    expect(saved.body.sms.optedOut).toBe(true);
  });

  it('applies a STOP Twilio reported only through OptOutType', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Carrier Stopper' });
    await postInbound(
      t,
      inboundParams({
        from: phone,
        to: firmNumber,
        body: 'arrêtez',
        extra: { OptOutType: 'STOP' },
      }),
    ).expect(200);
    const item = await saveSenderTo(phone, c.id);
    expect(item).toMatchObject({ keyword: 'STOP' });
    const saved = await firm.as('owner').get(`/api/clients/${c.id}`).expect(200);
    expect(saved.body.sms.optedOut).toBe(true);
    // The audit trail names the carrier's verdict and the text that carried it.
    const log = await firm
      .as('owner')
      .get('/api/activity')
      .query({ clientId: c.id, type: 'sms.client.opted_out' })
      .expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        messageId: item?.id,
        data: expect.objectContaining({ via: 'carrier_opt_out_type', keyword: 'STOP' }),
      }),
    ]);
  });

  it('does not let an old "yes" from the number undo an opt-out recorded since', async () => {
    const newPhone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Revoked Later', phone: randomUsPhone() });
    await text(newPhone, 'Yes');
    await firm
      .as('staff')
      .post(`/api/clients/${c.id}/sms-opt-out`)
      .send({ reason: 'Asked on the phone' })
      .expect(200);
    await saveSenderTo(newPhone, c.id);
    const saved = await firm.as('owner').get(`/api/clients/${c.id}`).expect(200);
    expect(saved.body.sms.optedOut).toBe(true);
  });

  it('opts a client in by a START the number sent after the client’s opt-out', async () => {
    const newPhone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Back Again', phone: randomUsPhone() });
    await firm
      .as('staff')
      .post(`/api/clients/${c.id}/sms-opt-out`)
      .send({ reason: 'Asked on the phone' })
      .expect(200);
    await text(newPhone, 'START');
    await saveSenderTo(newPhone, c.id);
    const saved = await firm.as('owner').get(`/api/clients/${c.id}`).expect(200);
    expect(saved.body.sms.optedOut).toBe(false);
  });

  it('counts a text put into a thread as unread for members who had read that thread', async () => {
    const bob = await t.createClient(firm, { name: 'Bob Bell', phone: randomUsPhone() });
    const unknown = randomUsPhone();
    await text(unknown, 'It is Bob, from my new phone');
    await firm.as('owner').post(`/api/clients/${bob.id}/messages/read`).expect(204);
    await saveSenderTo(unknown, bob.id, 'admin');
    const unread = async (role: 'owner' | 'admin') =>
      (
        (await firm.as(role).get('/api/threads').expect(200)).body.items as Array<{
          clientId: string;
          unreadCount: number;
        }>
      ).find((r) => r.clientId === bob.id)?.unreadCount;
    expect({ owner: await unread('owner'), admin: await unread('admin') }).toEqual({
      owner: 1,
      admin: 1,
    });
    await firm.as('owner').post(`/api/clients/${bob.id}/messages/read`).expect(204);
    expect(await unread('owner')).toBe(0);
  });

  it('shows a client who has the sender’s number now as a candidate', async () => {
    const phone = randomUsPhone();
    await text(phone, 'before the client existed');
    const c = await t.createClient(firm, { name: 'Added Later', phone });
    expect((await findUnmatched('before the client existed')) as unknown).toMatchObject({
      candidates: [{ id: c.id, name: 'Added Later' }],
    });
  });

  it('answers 404 for another firm’s message or client, and for ids of nothing', async () => {
    await text(randomUsPhone(), 'their unknown text', otherNumber);
    const theirs = await findUnmatched('their unknown text', other);
    await text(randomUsPhone(), 'our unknown text');
    const ours = await findUnmatched('our unknown text');
    const mine = await t.createClient(firm, { name: 'Mine' });
    const notMine = await t.createClient(other, { name: 'Not Mine' });

    const cases = [
      [theirs.id, mine.id],
      [ours.id, notMine.id],
      ['not-a-uuid', mine.id],
      ['3f1c2a4e-8b7d-4c6e-9f0a-1b2c3d4e5f60', mine.id],
    ];
    for (const [messageId, clientId] of cases) {
      const res = await firm
        .as('owner')
        .post(`/api/sms/unmatched/${messageId}/assign`)
        .send({ clientId });
      expect([messageId, res.status, res.body.code]).toEqual([messageId, 404, 'not_found']);
    }
    expect((await findUnmatched('their unknown text', other)).clientId).toBeNull();
    expect((await findUnmatched('our unknown text')).clientId).toBeNull();
  });
});
