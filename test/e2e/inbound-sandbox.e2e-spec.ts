import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import { INBOUND_TEST_OPTIONS, claimFirmNumber, randomUsPhone } from '../support/twilio-inbound';

describe('sandbox inbound (CARRIER=sandbox)', () => {
  let t: TestApp;
  let firm: TestFirm;
  let firmNumber: string;

  beforeAll(async () => {
    t = await startTestApp({ CARRIER: 'sandbox' }, INBOUND_TEST_OPTIONS);
    firm = await t.provisionFirm();
    firmNumber = await claimFirmNumber(firm);
  });
  afterAll(() => t.close());

  it('feeds a simulated client text through the inbound path into the client’s thread', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Sandbox Client', phone });
    const display = phone.replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');

    const res = await firm
      .as('admin')
      .post('/api/sandbox/inbound')
      .send({ from: display, body: 'Hello from the sandbox' })
      .expect(202);

    expect(res.body).toMatchObject({
      clientId: c.id,
      direction: 'inbound',
      from: phone,
      to: firmNumber,
      status: 'received',
      body: 'Hello from the sandbox',
    });
    const thread = await firm.as('viewer').get(`/api/clients/${c.id}/messages`).expect(200);
    expect(thread.body.items.map((m: { id: string }) => m.id)).toEqual([res.body.id]);
  });

  it('honours keywords like the carrier path', async () => {
    const phone = randomUsPhone();
    const c = await t.createClient(firm, { name: 'Sandbox Stopper', phone });
    await firm
      .as('owner')
      .post('/api/sandbox/inbound')
      .send({ from: phone, body: 'stop' })
      .expect(202);
    const after = await firm.as('owner').get(`/api/clients/${c.id}`).expect(200);
    expect(after.body.sms.optedOut).toBe(true);
  });

  it('refuses members without firm_settings.edit, bad phones and firms without a number', async () => {
    const staff = await firm
      .as('staff')
      .post('/api/sandbox/inbound')
      .send({ from: randomUsPhone(), body: 'x' });
    expect([staff.status, staff.body.code]).toEqual([403, 'forbidden']);

    const bad = await firm
      .as('owner')
      .post('/api/sandbox/inbound')
      .send({ from: '555-0142', body: 'x' });
    expect([bad.status, bad.body.code]).toEqual([400, 'validation_failed']);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'from' })]);

    const numberless = await t.provisionFirm();
    const none = await numberless
      .as('owner')
      .post('/api/sandbox/inbound')
      .send({ from: randomUsPhone(), body: 'anyone?' });
    expect([none.status, none.body.code]).toEqual([409, 'no_firm_number']);
  });
});

describe('sandbox inbound with a real carrier (CARRIER=twilio)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(
      {
        CARRIER: 'twilio',
        TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
        TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789',
        TWILIO_API_BASE_URL: 'http://127.0.0.1:9',
      },
      INBOUND_TEST_OPTIONS,
    );
  });
  afterAll(() => t.close());

  it('does not exist', async () => {
    const firm = await t.provisionFirm();
    const res = await firm
      .as('owner')
      .post('/api/sandbox/inbound')
      .send({ from: randomUsPhone(), body: 'hello' });
    expect([res.status, res.body.code]).toEqual([404, 'not_found']);
  });
});
