import { randomBytes, randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { FindFirmByNumberQuery, GetFirmNumberQuery } from '@app/numbers';
import { IntegrationEvent, IntegrationEventBus } from '@app/platform';
import { FakeTwilio } from '../support/fake-twilio';
import { PLATFORM_TOKEN, TestApp, TestFirm, startTestApp } from '../support/test-app';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'numbers-twilio-auth-token-0123456789';
const PUBLIC_BASE_URL = 'https://sms.assurepro.test';
const BUY = { method: 'POST', path: /\/IncomingPhoneNumbers\.json$/ };

interface Offer {
  phoneNumber: string;
  display: string;
  locality: string | null;
  region: string | null;
}

async function waitFor<T>(read: () => T | Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Settings → SMS against a fake Twilio REST API, through the real twilio SDK. */
describe('numbers with CARRIER=twilio', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  const events: IntegrationEvent[] = [];
  let t: TestApp;

  beforeAll(async () => {
    const baseUrl = await fake.start();
    t = await startTestApp({
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: baseUrl,
      PUBLIC_BASE_URL,
    });
    const bus = t.app.get(IntegrationEventBus);
    for (const name of ['numbers.number_claimed', 'numbers.number_released']) {
      bus.subscribe(name, async (event) => {
        events.push(event);
      });
    }
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  const offers = async (firm: TestFirm, areaCode = '503'): Promise<Offer[]> => {
    const res = await firm.as('owner').get(`/api/sms/available-numbers?areaCode=${areaCode}`);
    expect(res.status).toBe(200);
    return (res.body as { numbers: Offer[] }).numbers;
  };
  const card = async (firm: TestFirm) =>
    (await firm.as('owner').get('/api/sms/number').expect(200)).body as Record<string, unknown>;
  const requestsTo = (method: string, path: RegExp) =>
    fake.requests.filter((r) => r.method === method && path.test(r.path));
  const ownedAmong = (numbers: string[]) =>
    fake.bought().filter((n) => numbers.includes(n.phoneNumber));

  describe('search', () => {
    let firm: TestFirm;
    beforeAll(async () => {
      firm = await t.provisionFirm();
    });

    it('asks Twilio for SMS-capable numbers in the area code and shows at most 10', async () => {
      const numbers = await offers(firm, '503');
      expect(numbers).toHaveLength(10);
      for (const n of numbers) {
        expect(n).toEqual({
          phoneNumber: expect.stringMatching(/^\+1503\d{7}$/),
          display: `(503) ${n.phoneNumber.slice(5, 8)}-${n.phoneNumber.slice(8)}`,
          locality: 'Portland',
          region: 'OR',
        });
      }
      const [search] = requestsTo('GET', /\/AvailablePhoneNumbers\/US\/Local\.json$/).slice(-1);
      expect(search.query).toMatchObject({ AreaCode: '503', SmsEnabled: 'true' });
      expect(search.auth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
    });

    it('searches every area code when none is given', async () => {
      const res = await firm.as('admin').get('/api/sms/available-numbers').expect(200);
      const numbers = (res.body as { numbers: Offer[] }).numbers;
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers.length).toBeLessThanOrEqual(10);
      expect(new Set(numbers.map((n) => n.phoneNumber.slice(2, 5))).size).toBeGreaterThan(1);
      const [search] = requestsTo('GET', /\/AvailablePhoneNumbers\/US\/Local\.json$/).slice(-1);
      expect(search.query.AreaCode).toBeUndefined();
    });

    it.each(['50', '5031', 'abc', '50a'])(
      'refuses areaCode=%s with 400 validation_failed and never asks Twilio',
      async (areaCode) => {
        const before = fake.requests.length;
        const res = await firm.as('owner').get(`/api/sms/available-numbers?areaCode=${areaCode}`);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'validation_failed',
          errors: [expect.objectContaining({ field: 'areaCode' })],
        });
        expect(fake.requests.length).toBe(before);
      },
    );

    it('answers 503 carrier_unavailable when Twilio fails the search', async () => {
      fake.fail({ method: 'GET', path: /AvailablePhoneNumbers/ }, { status: 503 });
      const res = await firm.as('owner').get('/api/sms/available-numbers?areaCode=503');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('carrier_unavailable');
    });
  });

  describe('claim, card and release', () => {
    let firm: TestFirm;
    let other: TestFirm;
    let claimed: Record<string, unknown>;
    let sid: string;

    beforeAll(async () => {
      [firm, other] = await Promise.all([t.provisionFirm('Hill & Dale CPAs'), t.provisionFirm()]);
    });

    it('starts with no number', async () => {
      expect(await card(firm)).toEqual({ state: 'none' });
    });

    it('claims an offered number: buys it with our webhooks and answers 201 with the card', async () => {
      const [pick] = await offers(firm);
      const res = await firm
        .as('owner')
        .post('/api/sms/number')
        .send({ phoneNumber: pick.phoneNumber });
      expect(res.status).toBe(201);
      claimed = res.body as Record<string, unknown>;
      expect(claimed).toEqual({
        state: 'active',
        phoneNumber: pick.phoneNumber,
        display: pick.display,
        status: 'active',
        connectedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        lastOutboundAt: null,
        lastActivityAt: null,
        inboundPaused: false,
        // With the real carrier, texts from an unregistered number are likely blocked.
        registration: { status: 'not_started', sendingMayBeBlocked: true },
      });

      const [buy] = requestsTo('POST', /\/IncomingPhoneNumbers\.json$/).slice(-1);
      expect(buy.form).toMatchObject({
        PhoneNumber: pick.phoneNumber,
        SmsUrl: `${PUBLIC_BASE_URL}/webhooks/twilio/sms`,
        SmsMethod: 'POST',
        StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/status`,
        FriendlyName: expect.stringContaining('Hill & Dale CPAs'),
      });
      const owned = ownedAmong([pick.phoneNumber]);
      expect(owned).toHaveLength(1);
      sid = owned[0].sid;
      expect(events).toContainEqual(
        expect.objectContaining({
          eventName: 'numbers.number_claimed',
          firmId: firm.id,
          phoneNumber: pick.phoneNumber,
          actorId: firm.members.owner.id,
        }),
      );
    });

    it('shows the card to members who may view settings', async () => {
      expect(await card(firm)).toEqual(claimed);
      const staff = await firm.as('staff').get('/api/sms/number').expect(200);
      expect(staff.body).toEqual(claimed);
    });

    it('answers the cross-context queries, also on the caller’s transaction', async () => {
      const queries = t.app.get(QueryBus);
      const expected = {
        firmId: firm.id,
        phoneNumber: claimed.phoneNumber,
        carrierId: sid,
        connectedAt: claimed.connectedAt,
        inboundPaused: false,
      };
      expect(await queries.execute(new GetFirmNumberQuery(firm.id))).toEqual(expected);
      const inTx = await t.app
        .get(EntityManager)
        .fork()
        .transactional((tx) =>
          queries.execute(new FindFirmByNumberQuery(claimed.phoneNumber as string, tx)),
        );
      expect(inTx).toEqual(expected);
      expect(await queries.execute(new GetFirmNumberQuery(other.id))).toBeNull();
      expect(await queries.execute(new FindFirmByNumberQuery('+15035559999'))).toBeNull();
    });

    it('refuses a second claim with 409 number_already_active without calling Twilio', async () => {
      const [pick] = await offers(firm);
      const before = requestsTo('POST', /\/IncomingPhoneNumbers\.json$/).length;
      const res = await firm
        .as('admin')
        .post('/api/sms/number')
        .send({ phoneNumber: pick.phoneNumber });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('number_already_active');
      expect(requestsTo('POST', /\/IncomingPhoneNumbers\.json$/)).toHaveLength(before);
    });

    it('keeps staff and viewers out of what they may not do (403)', async () => {
      const [pick] = await offers(other);
      const staff = firm.as('staff');
      expect((await staff.get('/api/sms/available-numbers')).status).toBe(403);
      expect(
        (await staff.post('/api/sms/number').send({ phoneNumber: pick.phoneNumber })).status,
      ).toBe(403);
      expect(
        (
          await staff
            .post('/api/sms/number/release')
            .send({ confirmPhoneNumber: claimed.phoneNumber })
        ).status,
      ).toBe(403);
      const viewer = firm.as('viewer');
      for (const res of [
        await viewer.get('/api/sms/number'),
        await viewer.get('/api/sms/available-numbers'),
        await viewer.post('/api/sms/number').send({ phoneNumber: pick.phoneNumber }),
        await viewer
          .post('/api/sms/number/release')
          .send({ confirmPhoneNumber: claimed.phoneNumber }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
      expect(await card(firm)).toEqual(claimed);
    });

    it('shows another firm nothing of it, and lets it release nothing', async () => {
      expect(await card(other)).toEqual({ state: 'none' });
      const res = await other
        .as('owner')
        .post('/api/sms/number/release')
        .send({ confirmPhoneNumber: claimed.phoneNumber });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect(ownedAmong([claimed.phoneNumber as string])).toHaveLength(1);
    });

    it('answers 409 number_unavailable for a number another firm holds', async () => {
      const res = await other
        .as('owner')
        .post('/api/sms/number')
        .send({ phoneNumber: claimed.phoneNumber });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('number_unavailable');
      expect(await card(other)).toEqual({ state: 'none' });
    });

    it('refuses a release whose confirmation is not the active number (400)', async () => {
      const deletes = requestsTo('DELETE', /IncomingPhoneNumbers/).length;
      for (const confirmPhoneNumber of ['+15035550000', 'not a number']) {
        const res = await firm
          .as('owner')
          .post('/api/sms/number/release')
          .send({ confirmPhoneNumber });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('confirmation_mismatch');
      }
      expect(requestsTo('DELETE', /IncomingPhoneNumbers/)).toHaveLength(deletes);
      expect(await card(firm)).toEqual(claimed);
    });

    it('releases with the number typed any way: Twilio gets the DELETE, the card says none', async () => {
      const res = await firm
        .as('admin')
        .post('/api/sms/number/release')
        .send({ confirmPhoneNumber: claimed.display });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ state: 'none' });
      const deletes = requestsTo('DELETE', new RegExp(sid));
      expect(deletes.map((r) => r.path)).toEqual([
        `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${sid}.json`,
      ]);
      expect(ownedAmong([claimed.phoneNumber as string])).toEqual([]);
      expect(await card(firm)).toEqual({ state: 'none' });
      expect(await t.app.get(QueryBus).execute(new GetFirmNumberQuery(firm.id))).toBeNull();
      expect(events).toContainEqual(
        expect.objectContaining({
          eventName: 'numbers.number_released',
          firmId: firm.id,
          phoneNumber: claimed.phoneNumber,
          actorId: firm.members.admin.id,
        }),
      );
    });

    it('answers 404 not_found to a release when there is no number', async () => {
      const res = await firm
        .as('owner')
        .post('/api/sms/number/release')
        .send({ confirmPhoneNumber: claimed.phoneNumber });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    });

    it('claims again after a release, the same number included', async () => {
      const res = await firm
        .as('owner')
        .post('/api/sms/number')
        .send({ phoneNumber: claimed.phoneNumber });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ state: 'active', phoneNumber: claimed.phoneNumber });
      expect(ownedAmong([claimed.phoneNumber as string])).toHaveLength(1);
      expect(await card(firm)).toEqual(res.body);
    });
  });

  describe('what the carrier may answer', () => {
    it('answers 409 number_unavailable when Twilio no longer offers the number', async () => {
      const firm = await t.provisionFirm();
      const [pick] = await offers(firm, '206');
      fake.markUnavailable(pick.phoneNumber);
      const res = await firm
        .as('owner')
        .post('/api/sms/number')
        .send({ phoneNumber: pick.phoneNumber });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('number_unavailable');
      expect(await card(firm)).toEqual({ state: 'none' });
    });

    it.each([
      [500, 'carrier_unavailable'],
      [503, 'carrier_unavailable'],
      [401, 'carrier_auth_failed'],
    ])('answers Twilio %s during a claim with 503 %s and records nothing', async (status, code) => {
      const firm = await t.provisionFirm();
      const [pick] = await offers(firm, '415');
      fake.fail(BUY, { status });
      const res = await firm
        .as('owner')
        .post('/api/sms/number')
        .send({ phoneNumber: pick.phoneNumber });
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 503, code });
      expect(await card(firm)).toEqual({ state: 'none' });
      expect(
        await t.app.get(QueryBus).execute(new FindFirmByNumberQuery(pick.phoneNumber)),
      ).toBeNull();
      expect(ownedAmong([pick.phoneNumber])).toEqual([]);
    });

    it('answers 503 when Twilio fails the release, and keeps the number until it succeeds', async () => {
      const firm = await t.provisionFirm();
      const [pick] = await offers(firm, '212');
      await firm
        .as('owner')
        .post('/api/sms/number')
        .send({ phoneNumber: pick.phoneNumber })
        .expect(201);
      fake.fail({ method: 'DELETE' }, { status: 500 });
      const failed = await firm
        .as('owner')
        .post('/api/sms/number/release')
        .send({ confirmPhoneNumber: pick.phoneNumber });
      expect(failed.status).toBe(503);
      expect(failed.body.code).toBe('carrier_unavailable');
      expect(await card(firm)).toMatchObject({ state: 'active', phoneNumber: pick.phoneNumber });

      await firm
        .as('owner')
        .post('/api/sms/number/release')
        .send({ confirmPhoneNumber: pick.phoneNumber })
        .expect(200, { state: 'none' });
      expect(ownedAmong([pick.phoneNumber])).toEqual([]);
    });

    it('releases even when Twilio no longer has the number (release is idempotent)', async () => {
      const firm = await t.provisionFirm();
      const [pick] = await offers(firm, '212');
      await firm
        .as('owner')
        .post('/api/sms/number')
        .send({ phoneNumber: pick.phoneNumber })
        .expect(201);
      fake.fail({ method: 'DELETE' }, { status: 404 });
      await firm
        .as('owner')
        .post('/api/sms/number/release')
        .send({ confirmPhoneNumber: pick.phoneNumber })
        .expect(200, { state: 'none' });
    });
  });

  describe('concurrent claims', () => {
    it('gives one of two simultaneous claims the number and leaves no orphan at Twilio', async () => {
      const firm = await t.provisionFirm();
      const [a, b] = await offers(firm, '503');
      // Both purchases are slow, so both requests are past the "no number yet" check together.
      fake.fail(BUY, { delayMs: 300 }, 2);
      const deletes = requestsTo('DELETE', /IncomingPhoneNumbers/).length;
      const results = await Promise.all(
        [a, b].map((n) =>
          firm.as('owner').post('/api/sms/number').send({ phoneNumber: n.phoneNumber }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const won = results.find((r) => r.status === 201)!;
      const lost = results.find((r) => r.status === 409)!;
      expect(lost.body.code).toBe('number_already_active');
      expect(requestsTo('DELETE', /IncomingPhoneNumbers/)).toHaveLength(deletes + 1);
      expect(ownedAmong([a.phoneNumber, b.phoneNumber]).map((n) => n.phoneNumber)).toEqual([
        won.body.phoneNumber,
      ]);
      expect(await card(firm)).toEqual(won.body);
    });

    it('queues the release of the loser’s number when Twilio fails it, and the worker finishes it', async () => {
      const firm = await t.provisionFirm();
      const [a, b] = await offers(firm, '206');
      fake.fail(BUY, { delayMs: 300 }, 2);
      fake.fail({ method: 'DELETE' }, { status: 503 });
      const results = await Promise.all(
        [a, b].map((n) =>
          firm.as('owner').post('/api/sms/number').send({ phoneNumber: n.phoneNumber }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const won = results.find((r) => r.status === 201)!;
      const owned = await waitFor(
        () => ownedAmong([a.phoneNumber, b.phoneNumber]),
        (numbers) => numbers.length === 1,
      );
      expect(owned.map((n) => n.phoneNumber)).toEqual([won.body.phoneNumber]);
      expect(requestsTo('DELETE', /IncomingPhoneNumbers/).length).toBeGreaterThanOrEqual(2);
      expect(await card(firm)).toEqual(won.body);
    });
  });

  describe('PUT /api/platform/firms/:firmId/sms-inbound', () => {
    let firm: TestFirm;
    let phoneNumber: string;
    const put = (firmId: string, token?: string) => {
      const req = t.http().put(`/api/platform/firms/${firmId}/sms-inbound`);
      return token ? req.set('Authorization', `Bearer ${token}`) : req;
    };

    beforeAll(async () => {
      firm = await t.provisionFirm();
      const [pick] = await offers(firm, '503');
      phoneNumber = pick.phoneNumber;
      await firm.as('owner').post('/api/sms/number').send({ phoneNumber }).expect(201);
    });

    it('pauses and resumes inbound SMS without touching the number', async () => {
      const paused = await put(firm.id, PLATFORM_TOKEN).send({ paused: true });
      expect(paused.status).toBe(200);
      expect(paused.body).toEqual({ firmId: firm.id, phoneNumber, inboundPaused: true });
      expect(await card(firm)).toMatchObject({ state: 'active', phoneNumber, inboundPaused: true });
      expect(
        await t.app.get(QueryBus).execute(new FindFirmByNumberQuery(phoneNumber)),
      ).toMatchObject({
        firmId: firm.id,
        inboundPaused: true,
      });
      expect(ownedAmong([phoneNumber])).toHaveLength(1);

      await put(firm.id, PLATFORM_TOKEN).send({ paused: false }).expect(200);
      expect(await card(firm)).toMatchObject({ inboundPaused: false });
    });

    it('refuses without the platform token, and with a member’s token (403)', async () => {
      for (const token of [undefined, firm.members.owner.token, 'wrong-platform-token-000']) {
        const res = await put(firm.id, token).send({ paused: true });
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
      expect(await card(firm)).toMatchObject({ inboundPaused: false });
    });

    it('answers 404 for an unknown firm and for a firm without a number', async () => {
      const bare = await t.provisionFirm();
      for (const firmId of [randomUUID(), 'not-a-firm', bare.id]) {
        const res = await put(firmId, PLATFORM_TOKEN).send({ paused: true });
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('not_found');
      }
    });

    it('refuses a body without a boolean (400)', async () => {
      const res = await put(firm.id, PLATFORM_TOKEN).send({ paused: 'yes' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });
});
