import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import {
  INBOUND_TEST_ENV,
  INBOUND_TEST_OPTIONS,
  claimFirmNumber,
  inboundParams,
  postInbound,
  randomUsPhone,
} from '../support/twilio-inbound';

interface ClientBody {
  id: string;
  sms: { optedOut: boolean; optedOutAt: string | null; disclosureSentAt: string | null };
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

describe('inbound compliance keywords', () => {
  let t: TestApp;
  let firm: TestFirm;
  let other: TestFirm;
  let firmNumber: string;

  beforeAll(async () => {
    t = await startTestApp(INBOUND_TEST_ENV, INBOUND_TEST_OPTIONS);
    [firm, other] = await Promise.all([t.provisionFirm(), t.provisionFirm()]);
    firmNumber = await claimFirmNumber(firm);
  });
  afterAll(() => t.close());

  const client = async (id: string): Promise<ClientBody> =>
    (await firm.as('viewer').get(`/api/clients/${id}`).expect(200)).body;
  const text = (from: string, body: string, extra?: Record<string, string>) =>
    postInbound(t, inboundParams({ from, to: firmNumber, body, extra })).expect(200);
  const lastInbound = async (clientId: string) =>
    (await firm.as('owner').get(`/api/clients/${clientId}/messages`).expect(200)).body.items[0];

  it.each([
    ['STOP', 'STOP'],
    ['stop', 'STOP'],
    ['  Stop.  ', 'STOP'],
    ['sToP!!', 'STOP'],
    ['"Stop"', 'STOP'],
    ['STOPALL', 'STOPALL'],
    ['Unsubscribe', 'UNSUBSCRIBE'],
    ['cancel', 'CANCEL'],
    ['End.', 'END'],
    ['quit?', 'QUIT'],
    ['Revoke', 'REVOKE'],
    ['optout', 'OPTOUT'],
  ])('%p opts the client out at once', async (body, keyword) => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Keyword Client', phone });
    const res = await text(phone, body);
    expect(res.text).toBe(EMPTY_TWIML);
    const after = await client(c.id);
    expect(after.sms.optedOut).toBe(true);
    expect(after.sms.optedOutAt).toEqual(expect.any(String));
    expect(await lastInbound(c.id)).toMatchObject({ body, keyword, possibleOptOut: false });
  });

  it.each(['Stop by tomorrow?', 'Please don’t stop the reminders', 'stop stop', 'STOP.txt'])(
    '%p is no keyword and opts nobody out',
    async (body) => {
      const phone = randomUsPhone();
      const c = await t.createClient(firm, { name: 'Chatty Client', phone });
      await text(phone, body);
      expect((await client(c.id)).sms.optedOut).toBe(false);
      expect(await lastInbound(c.id)).toMatchObject({ body, keyword: null });
    },
  );

  it('STOP then START makes the client available again', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Changeable Client', phone });
    await text(phone, 'STOP');
    expect((await client(c.id)).sms.optedOut).toBe(true);
    await text(phone, 'Start');
    expect((await client(c.id)).sms).toMatchObject({ optedOut: false, optedOutAt: null });
    expect(await lastInbound(c.id)).toMatchObject({ keyword: 'START' });
    await text(phone, 'quit');
    await text(phone, 'unstop');
    expect((await client(c.id)).sms.optedOut).toBe(false);
  });

  it('opts out every client of the firm who shares the phone, and only in this firm', async () => {
    const phone = randomUsPhone();
    const a = await t.createClient(firm, { name: 'Household One', phone });
    const b = await t.createClient(firm, { name: 'Household Two', phone });
    const elsewhere = await t.createClient(other, { name: 'Other Firm Client', phone });
    await text(phone, 'STOP');
    expect((await client(a.id)).sms.optedOut).toBe(true);
    expect((await client(b.id)).sms.optedOut).toBe(true);
    const theirs = await other.as('owner').get(`/api/clients/${elsewhere.id}`).expect(200);
    expect(theirs.body.sms.optedOut).toBe(false);
  });

  it('honours Twilio’s OptOutType even when the words are not one of our keywords', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Advanced Opt-Out', phone });
    await text(phone, 'arrêtez', { OptOutType: 'STOP' });
    expect((await client(c.id)).sms.optedOut).toBe(true);
    await text(phone, 'reprendre', { OptOutType: 'START' });
    expect((await client(c.id)).sms.optedOut).toBe(false);
  });

  it('keeps a STOP from a number no client had when a client is given that number', async () => {
    const created = randomUsPhone();
    const edited = randomUsPhone();
    await text(created, 'STOP');
    await text(edited, 'Unsubscribe');
    const c = await t.createClient(firm, { name: 'Created After Stop', phone: created });
    const other = await t.createClient(firm, { name: 'Edited After Stop' });
    await firm.as('staff').patch(`/api/clients/${other.id}`).send({ phone: edited }).expect(200);
    expect((await client(c.id)).sms.optedOut).toBe(true);
    expect((await client(other.id)).sms.optedOut).toBe(true);
    const availability = await firm
      .as('staff')
      .get(`/api/clients/${c.id}/sms-availability`)
      .expect(200);
    expect(availability.body).toMatchObject({ available: false, reason: 'client_opted_out' });
    await firm
      .as('staff')
      .post(`/api/clients/${c.id}/messages`)
      .send({ channel: 'sms', body: 'Hello?' })
      .expect(409);

    // A later START from that number stands too.
    const restarted = randomUsPhone();
    await text(restarted, 'STOP');
    await text(restarted, 'START');
    const third = await t.createClient(firm, { name: 'Restarted', phone: restarted });
    expect((await client(third.id)).sms.optedOut).toBe(false);
  });

  it('records HELP and INFO without changing consent or replying', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Helpless Client', phone });
    const res = await text(phone, 'help');
    expect(res.text).toBe(EMPTY_TWIML);
    expect(await lastInbound(c.id)).toMatchObject({ keyword: 'HELP' });
    await text(phone, 'Info?');
    expect(await lastInbound(c.id)).toMatchObject({ keyword: 'INFO' });
    expect((await client(c.id)).sms.optedOut).toBe(false);
  });

  describe('opt-outs in other words', () => {
    it('flags "please stop texting me" for staff, who confirm it', async () => {
      const phone = randomUsPhone();
      const c = await t.createClient(firm, { name: 'Polite Client', phone });
      await text(phone, 'please stop texting me');
      expect(await lastInbound(c.id)).toMatchObject({ keyword: null, possibleOptOut: true });
      expect((await client(c.id)).sms.optedOut).toBe(false);

      const res = await firm
        .as('staff')
        .post(`/api/clients/${c.id}/sms-opt-out`)
        .send({ reason: 'Asked by text in other words' })
        .expect(200);
      expect(res.body).toMatchObject({
        id: c.id,
        name: 'Polite Client',
        phone,
        phoneDisplay: expect.any(String),
        sms: { optedOut: true, optedOutAt: expect.any(String) },
      });
      expect((await client(c.id)).sms.optedOut).toBe(true);
    });

    it('is idempotent: a second opt-out keeps the first time', async () => {
      const c = await t.createClient(firm, { name: 'Twice Client', phone: randomUsPhone() });
      const first = await firm.as('staff').post(`/api/clients/${c.id}/sms-opt-out`).send({});
      const second = await firm.as('admin').post(`/api/clients/${c.id}/sms-opt-out`).send({});
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body.sms.optedOutAt).toBe(first.body.sms.optedOutAt);
    });

    it('refuses viewers, other firms’ clients and unknown ids', async () => {
      const c = await t.createClient(firm, { name: 'Guarded Client', phone: randomUsPhone() });
      const theirs = await t.createClient(other, { name: 'Theirs' });
      await firm.as('viewer').post(`/api/clients/${c.id}/sms-opt-out`).send({}).expect(403);
      const cross = await firm.as('owner').post(`/api/clients/${theirs.id}/sms-opt-out`).send({});
      expect([cross.status, cross.body.code]).toEqual([404, 'not_found']);
      await firm.as('owner').post('/api/clients/not-a-uuid/sms-opt-out').send({}).expect(404);
      expect((await client(c.id)).sms.optedOut).toBe(false);
    });
  });
});

describe('keyword replies when the product must answer (SMS_SEND_KEYWORD_REPLIES=true)', () => {
  let t: TestApp;
  let firm: TestFirm;
  let firmNumber: string;

  beforeAll(async () => {
    t = await startTestApp(
      { ...INBOUND_TEST_ENV, SMS_SEND_KEYWORD_REPLIES: 'true' },
      INBOUND_TEST_OPTIONS,
    );
    firm = await t.provisionFirm('Hill & Dale <CPAs>');
    firmNumber = await claimFirmNumber(firm);
  });
  afterAll(() => t.close());

  const text = (body: string, extra?: Record<string, string>) =>
    postInbound(t, inboundParams({ from: randomUsPhone(), to: firmNumber, body, extra })).expect(
      200,
    );

  it('confirms an opt-out with one escaped TwiML message and no marketing', async () => {
    const res = await text('STOP');
    expect(res.headers['content-type']).toMatch(/^text\/xml/);
    const messages = res.text.match(/<Message>(.*?)<\/Message>/g) ?? [];
    expect(messages).toHaveLength(1);
    expect(res.text).toContain('Hill &amp; Dale &lt;CPAs&gt;');
    expect(res.text).toMatch(/unsubscribed/);
  });

  it('answers HELP with who the firm is and how to opt out', async () => {
    const res = await text('HELP');
    expect(res.text).toContain('Hill &amp; Dale &lt;CPAs&gt;');
    expect(res.text).toContain('Reply STOP to opt out');
  });

  it('confirms once: a repeated STOP, or a yes from someone never opted out, gets no reply', async () => {
    const phone = randomUsPhone();
    await t.createClient(firm, { name: 'Twice', phone });
    const say = (body: string) =>
      postInbound(t, inboundParams({ from: phone, to: firmNumber, body })).expect(200);
    expect((await say('STOP')).text).toMatch(/unsubscribed/);
    expect((await say('stop')).text).toBe(EMPTY_TWIML);
    expect((await say('START')).text).toMatch(/texts from us again/);
    expect((await say('Yes')).text).toBe(EMPTY_TWIML);
    expect((await text('Yes')).text).toBe(EMPTY_TWIML);
  });

  it('stays quiet for ordinary texts and when Twilio’s Advanced Opt-Out already answered', async () => {
    expect((await text('See you Tuesday')).text).toBe(EMPTY_TWIML);
    expect((await text('STOP', { OptOutType: 'STOP' })).text).toBe(EMPTY_TWIML);
  });
});
