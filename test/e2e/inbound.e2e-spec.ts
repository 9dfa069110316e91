import twilio from 'twilio';
import { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';
import { PLATFORM_TOKEN, TestApp, TestFirm, startTestApp } from '../support/test-app';
import {
  INBOUND_TEST_ENV,
  INBOUND_TEST_OPTIONS,
  INBOUND_WEBHOOK_URL,
  TEST_TWILIO_AUTH_TOKEN,
  claimFirmNumber,
  fakeMessageSid,
  inboundParams,
  postInbound,
  randomUsPhone,
  recordOutboundText,
  storedWithSid,
} from '../support/twilio-inbound';

interface MessageBody {
  id: string;
  clientId: string | null;
  direction: string;
  body: string;
  from: string;
  to: string;
  status: string;
  candidates?: Array<{ id: string; name: string }>;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('inbound SMS webhook', () => {
  let t: TestApp;
  let firm: TestFirm;
  let firmNumber: string;

  beforeAll(async () => {
    t = await startTestApp(INBOUND_TEST_ENV, INBOUND_TEST_OPTIONS);
    firm = await t.provisionFirm();
    firmNumber = await claimFirmNumber(firm);
  });
  afterAll(() => t.close());

  const thread = async (clientId: string): Promise<MessageBody[]> =>
    (await firm.as('owner').get(`/api/clients/${clientId}/messages`).expect(200)).body.items;
  const unmatched = async (): Promise<MessageBody[]> =>
    (await firm.as('owner').get('/api/sms/unmatched?limit=200').expect(200)).body.items;

  it('stores a text from a client’s phone in that client’s thread and answers empty TwiML', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Ada Client', phone });
    const params = inboundParams({ from: phone, to: firmNumber, body: 'Signed and sent back!' });

    const res = await postInbound(t, params).expect(200);

    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    expect(res.text).toBe(EMPTY_TWIML);
    expect(await thread(client.id)).toEqual([
      expect.objectContaining({
        clientId: client.id,
        direction: 'inbound',
        channel: 'sms',
        body: 'Signed and sent back!',
        from: phone,
        to: firmNumber,
        status: 'received',
        segments: 1,
        encoding: 'GSM-7',
        sentBy: null,
        errorCode: null,
        keyword: null,
        possibleOptOut: false,
        receivedWhilePaused: false,
      }),
    ]);
  });

  it('lists a thread as of one moment while texts arrive: its unread count matches its last text', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Reading Along', phone });
    const texts = 30;
    const seen: Array<{ unread: number; last: string }> = [];
    const read = async () => {
      const res = await firm.as('admin').get('/api/threads?limit=10').expect(200);
      const row = (
        res.body.items as Array<{
          clientId: string;
          unreadCount: number;
          lastMessage: { body: string };
        }>
      ).find((r) => r.clientId === client.id);
      if (row) seen.push({ unread: row.unreadCount, last: row.lastMessage.body });
    };
    let done = false;
    const reading = (async () => {
      while (!done) await read();
    })();
    for (let n = 1; n <= texts; n++)
      await postInbound(
        t,
        inboundParams({ from: phone, to: firmNumber, body: `reply ${n}` }),
      ).expect(200);
    done = true;
    await reading;
    await read();

    // The admin never opened the thread: text n arrives as the n-th unread, and is the last.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((s) => s.last !== `reply ${s.unread}`)).toEqual([]);
    expect(seen[seen.length - 1]).toEqual({ unread: texts, last: `reply ${texts}` });
  });

  it('tolerates parameters Twilio may add and counts UCS-2 bodies', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Émile Client', phone });
    const params = inboundParams({
      from: phone,
      to: firmNumber,
      body: 'Merci 🙏',
      extra: { NumSegments: '1', SomeFutureParam: 'x', MediaUrl0: 'https://api.twilio.com/m/1' },
    });
    await postInbound(t, params).expect(200);
    expect(await thread(client.id)).toEqual([
      expect.objectContaining({ body: 'Merci 🙏', encoding: 'UCS-2' }),
    ]);
  });

  describe('several clients sharing one phone', () => {
    it('goes to the client the firm texted most recently at that number', async () => {
      const phone = randomUsPhone();
      const parent = await t.createClient(firm, { name: 'Pat Household', phone });
      const child = await t.createClient(firm, { name: 'Sam Household', phone });
      const now = Date.now();
      await recordOutboundText(t, {
        firmId: firm.id,
        clientId: parent.id,
        from: firmNumber,
        to: phone,
        at: new Date(now - 60_000),
      });
      await recordOutboundText(t, {
        firmId: firm.id,
        clientId: child.id,
        from: firmNumber,
        to: phone,
        at: new Date(now - 30_000),
      });

      await postInbound(
        t,
        inboundParams({ from: phone, to: firmNumber, body: 'Who is this for?' }),
      );
      expect(
        (await thread(child.id)).filter((m) => m.direction === 'inbound').map((m) => m.body),
      ).toEqual(['Who is this for?']);
      expect((await thread(parent.id)).filter((m) => m.direction === 'inbound')).toEqual([]);

      await recordOutboundText(t, {
        firmId: firm.id,
        clientId: parent.id,
        from: firmNumber,
        to: phone,
        at: new Date(now - 1_000),
      });
      await postInbound(t, inboundParams({ from: phone, to: firmNumber, body: 'Got it, thanks' }));
      const parentInbound = (await thread(parent.id)).filter((m) => m.direction === 'inbound');
      expect(parentInbound.map((m) => m.body)).toEqual(['Got it, thanks']);
    });

    it('lands in Unmatched with every sharer as a candidate when the firm texted none', async () => {
      const phone = randomUsPhone();
      const a = await t.createClient(firm, { name: 'Alex Partner', phone });
      const b = await t.createClient(firm, { name: 'Blair Partner', phone });
      const params = inboundParams({ from: phone, to: firmNumber, body: 'Hi, it is one of us' });
      await postInbound(t, params).expect(200);

      const item = (await unmatched()).find((m) => m.body === 'Hi, it is one of us');
      expect(item).toMatchObject({ clientId: null, from: phone, direction: 'inbound' });
      expect(item?.candidates).toEqual(
        expect.arrayContaining([
          { id: a.id, name: 'Alex Partner' },
          { id: b.id, name: 'Blair Partner' },
        ]),
      );
      expect(item?.candidates).toHaveLength(2);
    });
  });

  it('puts a text from a number no client has in Unmatched without candidates', async () => {
    const phone = randomUsPhone();
    await postInbound(t, inboundParams({ from: phone, to: firmNumber, body: 'New client here' }));
    const item = (await unmatched()).find((m) => m.from === phone);
    expect(item).toMatchObject({ clientId: null, body: 'New client here', candidates: [] });
  });

  it('keeps a sender that is no phone number as given, unmatched', async () => {
    const params = inboundParams({ from: 'ACME', to: firmNumber, body: 'Alphanumeric sender' });
    await postInbound(t, params).expect(200);
    expect((await unmatched()).find((m) => m.body === 'Alphanumeric sender')).toMatchObject({
      from: 'ACME',
      clientId: null,
    });
  });

  it('answers 200 for a number no firm holds and stores nothing', async () => {
    const params = inboundParams({
      from: randomUsPhone(),
      to: randomUsPhone('206'),
      body: 'Hello?',
    });
    const res = await postInbound(t, params).expect(200);
    expect(res.text).toBe(EMPTY_TWIML);
    expect(await storedWithSid(t, params.MessageSid)).toBe(0);
  });

  describe('signatures', () => {
    const params = () => inboundParams({ from: randomUsPhone(), to: firmNumber, body: 'forged' });
    const expectRefused = async (res: { status: number; body: { code?: string } }) => {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('invalid_signature');
    };

    it('refuses a missing signature and stores nothing', async () => {
      const p = params();
      await expectRefused(await postInbound(t, p, { signature: null }));
      expect(await storedWithSid(t, p.MessageSid)).toBe(0);
    });

    it('refuses a signature made with another auth token', async () => {
      const p = params();
      await expectRefused(await postInbound(t, p, { authToken: 'some-other-auth-token' }));
      expect(await storedWithSid(t, p.MessageSid)).toBe(0);
    });

    it('refuses parameters changed after signing', async () => {
      const p = params();
      const signature = twilio.getExpectedTwilioSignature(
        TEST_TWILIO_AUTH_TOKEN,
        INBOUND_WEBHOOK_URL,
        p,
      );
      await expectRefused(await postInbound(t, { ...p, Body: 'tampered' }, { signature }));
      expect(await storedWithSid(t, p.MessageSid)).toBe(0);
    });

    it('refuses a signature over http:// when the public URL is https://', async () => {
      const p = params();
      const url = INBOUND_WEBHOOK_URL.replace('https://', 'http://');
      await expectRefused(await postInbound(t, p, { url }));
      expect(await storedWithSid(t, p.MessageSid)).toBe(0);
    });
  });

  it('tolerates parameters Twilio may add at any time, signed with the rest', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'New Params', phone });
    const params = inboundParams({
      from: phone,
      to: firmNumber,
      body: 'Still arrives',
      extra: { FromCity: 'PORTLAND', AddOns: '{"status":"successful"}', SomethingNew2027: 'x' },
    });
    await postInbound(t, params).expect(200);
    expect((await thread(client.id)).map((m) => m.body)).toEqual(['Still arrives']);
  });

  it('refuses an oversized webhook body with 413 payload_too_large and stores nothing', async () => {
    const params = inboundParams({
      from: randomUsPhone(),
      to: firmNumber,
      body: 'x'.repeat(300 * 1024),
    });
    const res = await postInbound(t, params);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('payload_too_large');
    expect(await storedWithSid(t, params.MessageSid)).toBe(0);
  });

  it('stores one message when the same MessageSid arrives five times at once', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Retry Client', phone });
    const params = inboundParams({ from: phone, to: firmNumber, body: 'Only once please' });
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => postInbound(t, params).then((r) => r)),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.every((r) => r.text === EMPTY_TWIML)).toBe(true);
    expect(await storedWithSid(t, params.MessageSid)).toBe(1);
    expect((await thread(client.id)).map((m) => m.body)).toEqual(['Only once please']);
  });

  it('stores a repeat once when Twilio retries later', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Later Retry', phone });
    const params = inboundParams({
      from: phone,
      to: firmNumber,
      body: 'Retried',
      sid: fakeMessageSid(),
    });
    await postInbound(t, params).expect(200);
    await postInbound(t, params).expect(200);
    expect(await thread(client.id)).toHaveLength(1);
  });

  describe('while the firm’s inbound SMS is paused', () => {
    const setPaused = (paused: boolean) =>
      t
        .http()
        .put(`/api/platform/firms/${firm.id}/sms-inbound`)
        .set('Authorization', `Bearer ${PLATFORM_TOKEN}`)
        .send({ paused })
        .expect(200);

    beforeAll(() => setPaused(true));
    afterAll(() => setPaused(false));

    it('still stores texts, marked as received while paused', async () => {
      const phone = randomUsPhone();
      const client = await t.createClient(firm, { name: 'Paused Client', phone });
      await postInbound(
        t,
        inboundParams({ from: phone, to: firmNumber, body: 'Anyone there?' }),
      ).expect(200);
      expect(await thread(client.id)).toEqual([
        expect.objectContaining({ body: 'Anyone there?', receivedWhilePaused: true }),
      ]);
    });

    it('still honours STOP', async () => {
      const phone = randomUsPhone();
      const client = await t.createClient(firm, { name: 'Paused Stopper', phone });
      await postInbound(t, inboundParams({ from: phone, to: firmNumber, body: 'STOP' })).expect(
        200,
      );
      const res = await firm.as('staff').get(`/api/clients/${client.id}`).expect(200);
      expect(res.body.sms.optedOut).toBe(true);
      expect(await thread(client.id)).toEqual([
        expect.objectContaining({ keyword: 'STOP', receivedWhilePaused: true }),
      ]);
    });
  });

  describe('when another process changes the number', () => {
    // As another API process would: straight in the table, unseen by this one's memory.
    const sql = <T>(text: string, values: unknown[]) =>
      t.app
        .get(EntityManager)
        .fork()
        .transactional((tx) => txSql(tx).query<T>(text, values));
    const elsewhere = (text: string) =>
      sql(`${text} where phone_number = $1 and firm_id = $2`, [firmNumber, firm.id]);
    /** Texts the firm's number from a new sender; answers the message stored, or null. */
    const receive = async (body: string) => {
      const params = inboundParams({ from: randomUsPhone(), to: firmNumber, body });
      await postInbound(t, params).expect(200);
      const [stored] = await sql<{ firmId: string; receivedWhilePaused: boolean }>(
        `select firm_id as "firmId", received_while_paused as "receivedWhilePaused"
           from messages where carrier_message_id = $1`,
        [params.MessageSid],
      );
      return stored ?? null;
    };

    it('marks the next text received while paused, and the one after resuming not', async () => {
      expect(await receive('Before the pause')).toMatchObject({ receivedWhilePaused: false });
      await elsewhere('update firm_numbers set inbound_paused = true');
      try {
        expect(await receive('During the pause')).toMatchObject({ receivedWhilePaused: true });
      } finally {
        await elsewhere('update firm_numbers set inbound_paused = false');
      }
      expect(await receive('After the pause')).toMatchObject({ receivedWhilePaused: false });
    });

    it('stores nothing for the firm once the number is released, and answers 200', async () => {
      expect(await receive('While it is ours')).toMatchObject({ firmId: firm.id });
      await elsewhere(`update firm_numbers set status = 'released'`);
      try {
        expect(await receive('After the release')).toBeNull();
      } finally {
        await elsewhere(`update firm_numbers set status = 'active'`);
      }
      expect(await receive('Claimed again')).toMatchObject({ firmId: firm.id });
    });
  });
});
