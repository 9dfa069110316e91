import { randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { FindFirmByNumberQuery, GetFirmNumberQuery } from '@app/numbers';
import { IntegrationEvent, IntegrationEventBus } from '@app/platform';
import { PLATFORM_TOKEN, TestApp, TestFirm, startTestApp } from '../support/test-app';

interface Offer {
  phoneNumber: string;
  display: string;
  locality: string | null;
  region: string | null;
}

/** Settings → SMS on the default sandbox carrier (CARRIER unset). */
describe('numbers with the sandbox carrier', () => {
  const events: IntegrationEvent[] = [];
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    expect(t.config.carrier).toBe('sandbox');
    const bus = t.app.get(IntegrationEventBus);
    for (const name of ['numbers.number_claimed', 'numbers.number_released']) {
      bus.subscribe(name, async (event) => {
        events.push(event);
      });
    }
  });
  afterAll(() => t?.close());

  const offers = async (firm: TestFirm, areaCode = '503'): Promise<Offer[]> => {
    const res = await firm.as('owner').get(`/api/sms/available-numbers?areaCode=${areaCode}`);
    expect(res.status).toBe(200);
    return (res.body as { numbers: Offer[] }).numbers;
  };
  const card = async (firm: TestFirm) =>
    (await firm.as('owner').get('/api/sms/number').expect(200)).body as Record<string, unknown>;
  const claim = (firm: TestFirm, phoneNumber: string) =>
    firm.as('owner').post('/api/sms/number').send({ phoneNumber });
  const release = (firm: TestFirm, confirmPhoneNumber: unknown) =>
    firm.as('owner').post('/api/sms/number/release').send({ confirmPhoneNumber });

  describe('search', () => {
    let firm: TestFirm;
    beforeAll(async () => {
      firm = await t.provisionFirm();
    });

    it('offers ten fictional 555-01xx numbers in the area code', async () => {
      const numbers = await offers(firm, '971');
      expect(numbers).toHaveLength(10);
      for (const n of numbers) {
        expect(n).toEqual({
          phoneNumber: expect.stringMatching(/^\+197155501\d{2}$/),
          display: `(971) 555-${n.phoneNumber.slice(8)}`,
          locality: 'Portland',
          region: 'OR',
        });
      }
    });

    it('offers numbers from several area codes when none is given, blank included', async () => {
      for (const path of ['/api/sms/available-numbers', '/api/sms/available-numbers?areaCode=']) {
        const res = await firm.as('admin').get(path).expect(200);
        const numbers = (res.body as { numbers: Offer[] }).numbers;
        expect(numbers).toHaveLength(10);
        expect(new Set(numbers.map((n) => n.phoneNumber.slice(2, 5))).size).toBeGreaterThan(1);
      }
    });

    it.each(['50', '5031', 'abc', '5 3', '-50'])(
      'refuses areaCode=%s with 400 validation_failed',
      async (areaCode) => {
        const res = await firm
          .as('owner')
          .get(`/api/sms/available-numbers?areaCode=${encodeURIComponent(areaCode)}`);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'validation_failed',
          errors: [{ field: 'areaCode', message: 'areaCode must be exactly 3 digits' }],
        });
      },
    );

    it('refuses an area code given twice', async () => {
      const res = await firm
        .as('owner')
        .get('/api/sms/available-numbers?areaCode=503&areaCode=971');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    });
  });

  describe('claim, card and release', () => {
    let firm: TestFirm;
    let other: TestFirm;
    let claimed: Record<string, unknown>;

    beforeAll(async () => {
      [firm, other] = await Promise.all([t.provisionFirm(), t.provisionFirm()]);
    });

    it('starts with no number', async () => {
      expect(await card(firm)).toEqual({ state: 'none' });
    });

    it('claims an offered number and answers 201 with the card', async () => {
      const [pick] = await offers(firm);
      const res = await claim(firm, pick.phoneNumber);
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
        registration: { status: 'not_started', sendingMayBeBlocked: false },
      });
      expect(events).toContainEqual(
        expect.objectContaining({
          eventName: 'numbers.number_claimed',
          firmId: firm.id,
          phoneNumber: pick.phoneNumber,
          actorId: firm.members.owner.id,
        }),
      );
    });

    it('shows the card to owners, admins and staff, not to viewers', async () => {
      expect(await card(firm)).toEqual(claimed);
      for (const role of ['admin', 'staff'] as const) {
        expect((await firm.as(role).get('/api/sms/number').expect(200)).body).toEqual(claimed);
      }
      const viewer = await firm.as('viewer').get('/api/sms/number');
      expect(viewer.status).toBe(403);
      expect(viewer.body.code).toBe('forbidden');
    });

    it('no longer offers the claimed number to anyone', async () => {
      const numbers = await offers(other);
      expect(numbers).toHaveLength(10);
      expect(numbers.map((n) => n.phoneNumber)).not.toContain(claimed.phoneNumber);
    });

    it('answers the cross-context queries, also on the caller’s transaction', async () => {
      const queries = t.app.get(QueryBus);
      const expected = {
        firmId: firm.id,
        phoneNumber: claimed.phoneNumber,
        carrierId: expect.stringMatching(/^SB[0-9a-f]{32}$/),
        connectedAt: claimed.connectedAt,
        inboundPaused: false,
      };
      expect(await queries.execute(new GetFirmNumberQuery(firm.id))).toEqual(expected);
      expect(await queries.execute(new GetFirmNumberQuery('not-a-uuid'))).toBeNull();
      const inTx = await t.app
        .get(EntityManager)
        .fork()
        .transactional(async (tx) => ({
          byNumber: await queries.execute(
            new FindFirmByNumberQuery(claimed.phoneNumber as string, tx),
          ),
          byFirm: await queries.execute(new GetFirmNumberQuery(firm.id, tx)),
        }));
      expect(inTx).toEqual({ byNumber: expected, byFirm: expected });
      expect(await queries.execute(new GetFirmNumberQuery(other.id))).toBeNull();
    });

    it('refuses a second claim with 409 number_already_active', async () => {
      const [pick] = await offers(firm);
      const res = await claim(firm, pick.phoneNumber);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('number_already_active');
      expect(await card(firm)).toEqual(claimed);
    });

    it('refuses a number another firm holds, or one the sandbox never offers (409)', async () => {
      for (const phoneNumber of [claimed.phoneNumber as string, '+15035551234']) {
        const res = await claim(other, phoneNumber);
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('number_unavailable');
      }
      expect(await card(other)).toEqual({ state: 'none' });
    });

    it('refuses what is not a phone number with 400 validation_failed', async () => {
      for (const body of [{ phoneNumber: '555-0142' }, { phoneNumber: '' }, {}]) {
        const res = await other.as('owner').post('/api/sms/number').send(body);
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({
          code: 'validation_failed',
        });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('phoneNumber');
      }
    });

    it('keeps staff and viewers from searching, claiming and releasing (403)', async () => {
      const [pick] = await offers(other);
      for (const role of ['staff', 'viewer'] as const) {
        const as = firm.as(role);
        for (const res of [
          await as.get('/api/sms/available-numbers'),
          await as.post('/api/sms/number').send({ phoneNumber: pick.phoneNumber }),
          await as
            .post('/api/sms/number/release')
            .send({ confirmPhoneNumber: claimed.phoneNumber }),
        ]) {
          expect({ role, status: res.status, code: res.body.code }).toEqual({
            role,
            status: 403,
            code: 'forbidden',
          });
        }
      }
      expect(await card(firm)).toEqual(claimed);
    });

    it('shows another firm nothing of it, and lets it release nothing', async () => {
      expect(await card(other)).toEqual({ state: 'none' });
      const res = await release(other, claimed.phoneNumber);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
      expect(await card(firm)).toEqual(claimed);
    });

    it('refuses a release whose confirmation is not the active number (400)', async () => {
      const wrong = (claimed.phoneNumber as string).replace(/\d$/, (d) => String((+d + 1) % 10));
      for (const confirmPhoneNumber of [wrong, 'yes', '555-0100']) {
        const res = await release(firm, confirmPhoneNumber);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('confirmation_mismatch');
      }
      const missing = await firm.as('owner').post('/api/sms/number/release').send({});
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('validation_failed');
      expect(await card(firm)).toEqual(claimed);
    });

    it('releases when the confirmation names the number in any format', async () => {
      const digits = (claimed.phoneNumber as string).slice(2);
      const typed = `${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`;
      const res = await release(firm, typed);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ state: 'none' });
      expect(await card(firm)).toEqual({ state: 'none' });
      expect(
        await t.app.get(QueryBus).execute(new FindFirmByNumberQuery(claimed.phoneNumber as string)),
      ).toBeNull();
      expect(events).toContainEqual(
        expect.objectContaining({
          eventName: 'numbers.number_released',
          firmId: firm.id,
          phoneNumber: claimed.phoneNumber,
          actorId: firm.members.owner.id,
        }),
      );
    });

    it('answers 404 not_found to a release when there is no number', async () => {
      const res = await release(firm, claimed.phoneNumber);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    });

    it('offers the released number again, and another firm may claim it', async () => {
      const numbers = await offers(other);
      expect(numbers.map((n) => n.phoneNumber)).toContain(claimed.phoneNumber);
      const res = await claim(other, claimed.phoneNumber as string);
      expect(res.status).toBe(201);
      expect(await card(other)).toMatchObject({
        state: 'active',
        phoneNumber: claimed.phoneNumber,
      });
    });

    it('claims again after a release', async () => {
      const [pick] = await offers(firm);
      const res = await claim(firm, pick.phoneNumber);
      expect(res.status).toBe(201);
      expect(await card(firm)).toEqual(res.body);
    });

    it('keeps the history of claims and releases', async () => {
      const rows = await t.app
        .get(EntityManager)
        .fork()
        .getConnection()
        .execute<Array<{ status: string; released_by: string | null }>>(
          'select status, released_by from firm_numbers where firm_id = ? order by claimed_at',
          [firm.id],
        );
      expect(rows).toEqual([
        { status: 'released', released_by: firm.members.owner.id },
        { status: 'active', released_by: null },
      ]);
    });
  });

  describe('concurrent claims', () => {
    it('gives one of two simultaneous claims of different numbers the number', async () => {
      const firm = await t.provisionFirm();
      const [a, b] = await offers(firm, '206');
      const results = await Promise.all([claim(firm, a.phoneNumber), claim(firm, b.phoneNumber)]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      const won = results.find((r) => r.status === 201)!;
      expect(results.find((r) => r.status === 409)!.body.code).toBe('number_already_active');
      expect(await card(firm)).toEqual(won.body);
    });

    it('gives one of two firms claiming the same number at once the number', async () => {
      const [first, second] = await Promise.all([t.provisionFirm(), t.provisionFirm()]);
      const [pick] = await offers(first, '415');
      const results = await Promise.all([
        claim(first, pick.phoneNumber),
        claim(second, pick.phoneNumber),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)!.body.code).toBe('number_unavailable');
      const cards = [await card(first), await card(second)];
      expect(cards.filter((c) => c.state === 'active')).toHaveLength(1);
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
      const [pick] = await offers(firm, '312');
      phoneNumber = pick.phoneNumber;
      await claim(firm, phoneNumber).expect(201);
    });

    it('pauses and resumes inbound SMS, and the card shows it', async () => {
      const paused = await put(firm.id, PLATFORM_TOKEN).send({ paused: true });
      expect(paused.status).toBe(200);
      expect(paused.body).toEqual({ firmId: firm.id, phoneNumber, inboundPaused: true });
      expect(await card(firm)).toMatchObject({ state: 'active', phoneNumber, inboundPaused: true });
      await put(firm.id, PLATFORM_TOKEN).send({ paused: true }).expect(200);

      const resumed = await put(firm.id, PLATFORM_TOKEN).send({ paused: false });
      expect(resumed.status).toBe(200);
      expect(resumed.body.inboundPaused).toBe(false);
      expect(await card(firm)).toMatchObject({ inboundPaused: false });
    });

    it('refuses without the platform token, and with a member’s token (403)', async () => {
      for (const token of [undefined, firm.members.owner.token]) {
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

    it('starts a newly claimed number unpaused', async () => {
      await put(firm.id, PLATFORM_TOKEN).send({ paused: true }).expect(200);
      await release(firm, phoneNumber).expect(200);
      const [pick] = await offers(firm, '312');
      const res = await claim(firm, pick.phoneNumber);
      expect(res.status).toBe(201);
      expect(res.body.inboundPaused).toBe(false);
    });
  });
});
