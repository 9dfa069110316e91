import { randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  FirmRegistrationStatus,
  GetMessagingServiceQuery,
  GetRegistrationStatusQuery,
} from '@app/numbers';
import { IntegrationEvent, IntegrationEventBus } from '@app/platform';
import {
  MASKED_EIN,
  RegistrationAnswer,
  RegistrationBody,
  TEST_EIN,
  finished,
  validRegistration,
  waitForRegistration,
} from '../support/registration';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';

const STEPS = ['customer_profile', 'trust_product', 'brand', 'messaging_service', 'campaign'];
const EIN_DIGITS = TEST_EIN.replace('-', '');

/** A2P 10DLC registration on the sandbox carrier: the form, the workflow and who may see it. */
describe('A2P 10DLC registration (sandbox carrier)', () => {
  const events: IntegrationEvent[] = [];
  /** Every answer body the tests received, to prove the EIN never left unmasked. */
  const answers: string[] = [];
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    expect(t.config.carrier).toBe('sandbox');
    const bus = t.app.get(IntegrationEventBus);
    for (const name of [
      'numbers.registration_submitted',
      'numbers.registration_approved',
      'numbers.registration_failed',
    ]) {
      bus.subscribe(name, async (event) => {
        events.push(event);
      });
    }
  });
  afterAll(() => t?.close());

  const firmNamed = () => t.provisionFirm(`Hill & Dale CPAs ${randomUUID().slice(0, 6)}`);
  const submit = async (firm: TestFirm, body: unknown, role: 'owner' | 'admin' = 'owner') => {
    const res = await firm
      .as(role)
      .put('/api/sms/registration')
      .send(body as object);
    answers.push(res.text);
    return res;
  };
  const read = async (firm: TestFirm): Promise<RegistrationAnswer> => {
    const res = await firm.as('owner').get('/api/sms/registration').expect(200);
    answers.push(res.text);
    return res.body as RegistrationAnswer;
  };
  const settle = async (firm: TestFirm) => {
    const answer = await waitForRegistration(firm, finished);
    answers.push(JSON.stringify(answer));
    return answer;
  };
  const claimNumber = async (firm: TestFirm): Promise<string> => {
    const offers = await firm
      .as('owner')
      .get('/api/sms/available-numbers?areaCode=512')
      .expect(200);
    const { phoneNumber } = (offers.body as { numbers: Array<{ phoneNumber: string }> }).numbers[0];
    await firm.as('owner').post('/api/sms/number').send({ phoneNumber }).expect(201);
    return phoneNumber;
  };
  const ask = <T>(query: object): Promise<T> => t.app.get(QueryBus).execute(query as never);

  it('shows a firm that never registered as not_started, every step pending', async () => {
    const firm = await firmNamed();
    expect(await read(firm)).toEqual({
      status: 'not_started',
      steps: STEPS.map((name) => ({ name, status: 'pending', detail: null, updatedAt: null })),
      submitted: null,
      submittedAt: null,
    });
    const status = await ask<FirmRegistrationStatus>(new GetRegistrationStatusQuery(firm.id));
    expect(status).toEqual({
      firmId: firm.id,
      status: 'not_started',
      updatedAt: null,
      sendingMayBeBlocked: false,
      failure: null,
    });
  });

  describe('a well-formed submission', () => {
    let firm: TestFirm;
    let body: RegistrationBody;
    let accepted: RegistrationAnswer;

    beforeAll(async () => {
      firm = await firmNamed();
      await claimNumber(firm);
      body = validRegistration(firm.name);
      const res = await submit(firm, body);
      expect(res.status).toBe(202);
      accepted = res.body as RegistrationAnswer;
    });

    it('answers 202 with the registration in progress, its first step started', () => {
      expect(accepted.status).toBe('in_progress');
      expect(accepted.steps.map((s) => s.name)).toEqual(STEPS);
      expect(accepted.steps[0].status).toMatch(/^(in_progress|approved)$/);
      expect(accepted.submittedAt).toEqual(expect.any(String));
    });

    it('shows the submitted form with the EIN masked and the contact phone normalised', () => {
      expect(accepted.submitted).toEqual({
        ...body,
        business: { ...body.business, ein: MASKED_EIN },
        contact: { ...body.contact, phone: '+15035550100' },
      });
    });

    it('answers 409 registration_in_progress to a second submission under review', async () => {
      const res = await submit(firm, body);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('registration_in_progress');
    });

    it('walks every step to approved after the simulated review', async () => {
      const done = await settle(firm);
      expect(done.status).toBe('approved');
      expect(done.steps.map((s) => [s.name, s.status])).toEqual(
        STEPS.map((name) => [name, 'approved']),
      );
      expect(done.submitted?.business.ein).toBe(MASKED_EIN);
      const ids = events.filter((e) => e.firmId === firm.id).map((e) => e.eventName);
      expect(ids).toEqual(['numbers.registration_submitted', 'numbers.registration_approved']);
    });

    it('tells other contexts it is approved and which Messaging Service to send through', async () => {
      const status = await ask<FirmRegistrationStatus>(new GetRegistrationStatusQuery(firm.id));
      expect(status).toMatchObject({ status: 'approved', failure: null });
      expect(await ask<string | null>(new GetMessagingServiceQuery(firm.id))).toMatch(/^SBMG/);
      expect(await ask<string | null>(new GetMessagingServiceQuery(randomUUID()))).toBeNull();
      expect(await ask<string | null>(new GetMessagingServiceQuery('not-a-uuid'))).toBeNull();
    });

    it('answers 409 registration_approved to a new submission once approved', async () => {
      const res = await submit(firm, body);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('registration_approved');
    });

    it('keeps the EIN only encrypted at rest', async () => {
      const rows = await t.app
        .get(EntityManager)
        .fork()
        .getConnection()
        .execute('select * from "sms_registrations" where "firm_id" = ?', [firm.id]);
      expect(rows).toHaveLength(1);
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(EIN_DIGITS);
      expect(stored).not.toContain(TEST_EIN);
      expect(rows[0]).toMatchObject({
        ein_last4: '6789',
        ein_ciphertext: expect.stringMatching(/^v1\./),
      });
    });

    it('is not visible to another firm', async () => {
      const other = await firmNamed();
      expect((await read(other)).status).toBe('not_started');
    });

    it('writes submitted and approved to the firm’s activity log, the owner as submitter', async () => {
      const res = await firm.as('owner').get('/api/activity?type=sms.registration.*').expect(200);
      const items = (res.body as { items: Array<Record<string, unknown>> }).items;
      expect(items.map((i) => [i.type, i.actorId])).toEqual([
        ['sms.registration.approved', null],
        ['sms.registration.submitted', firm.members.owner.id],
      ]);
      expect(items[1].data).toEqual({ registrationId: expect.any(String) });
      expect(JSON.stringify(items)).not.toContain(EIN_DIGITS);
    });

    it('never warns that sends may be blocked: the sandbox carrier blocks nothing', async () => {
      const card = await firm.as('staff').get('/api/sms/number').expect(200);
      expect(card.body.registration).toEqual({ status: 'approved', sendingMayBeBlocked: false });
      const client = await t.createClient(firm, { name: 'Ana Ortiz', phone: '(503) 555-0177' });
      const availability = await firm
        .as('staff')
        .get(`/api/clients/${client.id}/sms-availability`)
        .expect(200);
      expect(availability.body).toEqual({ available: true, reason: null, warning: null });
    });
  });

  it('puts a number claimed after approval into the Messaging Service before sends use it', async () => {
    const firm = await firmNamed();
    await submit(firm, validRegistration(firm.name));
    expect((await settle(firm)).status).toBe('approved');
    expect(await ask<string | null>(new GetMessagingServiceQuery(firm.id))).toBeNull();

    await claimNumber(firm);
    const deadline = Date.now() + 15_000;
    let service: string | null = null;
    while (!service && Date.now() < deadline) {
      service = await ask<string | null>(new GetMessagingServiceQuery(firm.id));
      if (!service) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(service).toMatch(/^SBMG/);
  });

  describe('a campaign whose samples do not all carry opt-out language', () => {
    let firm: TestFirm;

    beforeAll(async () => {
      firm = await firmNamed();
      const body = validRegistration(firm.name);
      body.campaign.sampleMessages[1] = `${firm.name}: your documents arrived, thank you.`;
      expect((await submit(firm, body)).status).toBe(202);
    });

    it('is rejected by the sandbox review, the campaign step naming the reason', async () => {
      const done = await settle(firm);
      expect(done.status).toBe('failed');
      expect(done.steps.map((s) => [s.name, s.status])).toEqual([
        ['customer_profile', 'approved'],
        ['trust_product', 'approved'],
        ['brand', 'approved'],
        ['messaging_service', 'approved'],
        ['campaign', 'failed'],
      ]);
      expect(done.steps[4].detail).toMatch(/opt out.*sample 2/i);
      const status = await ask<FirmRegistrationStatus>(new GetRegistrationStatusQuery(firm.id));
      expect(status).toMatchObject({
        status: 'failed',
        failure: { step: 'campaign', reason: done.steps[4].detail },
      });
      expect(events.filter((e) => e.firmId === firm.id).map((e) => e.eventName)).toEqual([
        'numbers.registration_submitted',
        'numbers.registration_failed',
      ]);
      const activity = await firm
        .as('admin')
        .get('/api/activity?type=sms.registration.failed')
        .expect(200);
      expect(activity.body.items).toEqual([
        expect.objectContaining({
          type: 'sms.registration.failed',
          actorId: null,
          data: expect.objectContaining({ step: 'campaign', reason: done.steps[4].detail }),
        }),
      ]);
    });

    it('accepts a corrected submission after the failure and approves it', async () => {
      const res = await submit(firm, validRegistration(firm.name));
      expect(res.status).toBe(202);
      expect((res.body as RegistrationAnswer).status).toBe('in_progress');
      expect((await settle(firm)).status).toBe('approved');
    });
  });

  describe('validation', () => {
    let firm: TestFirm;
    beforeAll(async () => {
      firm = await firmNamed();
    });

    const fieldsOf = (body: unknown): string[] =>
      [
        ...new Set((body as { errors: Array<{ field: string }> }).errors.map((e) => e.field)),
      ].sort();

    it('answers 400 validation_failed naming every field carriers would reject', async () => {
      const body = validRegistration(firm.name);
      body.business.ein = '123456789';
      body.business.website = 'hill and dale dot com';
      body.business.businessType = 'Guild';
      body.business.industry = 'ALCHEMY';
      body.business.address.region = 'Oregon';
      body.business.address.postalCode = '972';
      body.business.address.country = 'CA';
      body.contact.email = 'dana-at-example';
      body.contact.phone = '555-0100';
      body.campaign.useCase = 'SPAM';
      body.campaign.description = 'Texts.';
      body.campaign.messageFlow = 'They agree.';
      body.campaign.sampleMessages = ['Your return is ready. Reply STOP to opt out.', 'Hi!'];
      const res = await submit(firm, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(fieldsOf(res.body)).toEqual(
        [
          'business.ein',
          'business.website',
          'business.businessType',
          'business.industry',
          'business.address.region',
          'business.address.postalCode',
          'business.address.country',
          'contact.email',
          'contact.phone',
          'campaign.useCase',
          'campaign.description',
          'campaign.messageFlow',
          'campaign.sampleMessages.0',
          'campaign.sampleMessages.1',
        ].sort(),
      );
      expect((await read(firm)).status).toBe('not_started');
    });

    it('refuses an EIN with a prefix the IRS never assigns', async () => {
      const body = validRegistration(firm.name);
      body.business.ein = '00-1234567';
      const res = await submit(firm, body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['business.ein']);
      expect(res.text).not.toContain('1234567');
    });

    it('requires 2 to 5 samples, opt-out language in one and flags that match the samples', async () => {
      const one = validRegistration(firm.name);
      one.campaign.sampleMessages = one.campaign.sampleMessages.slice(0, 1);
      expect(fieldsOf((await submit(firm, one)).body)).toEqual(['campaign.sampleMessages']);

      const noOptOut = validRegistration(firm.name);
      noOptOut.campaign.sampleMessages = [
        `${firm.name}: your 2024 return is ready to sign in the portal.`,
        `${firm.name}: we received your documents, thank you for sending them.`,
      ];
      const refused = await submit(firm, noOptOut);
      expect(fieldsOf(refused.body)).toEqual(['campaign.sampleMessages']);
      expect(JSON.stringify(refused.body)).toMatch(/opt out/);

      const linked = validRegistration(firm.name);
      linked.campaign.sampleMessages[0] = `${firm.name}: sign at https://portal.example/sign or call (503) 555-0100. Reply STOP to opt out.`;
      expect(fieldsOf((await submit(firm, linked)).body)).toEqual([
        'campaign.hasEmbeddedLinks',
        'campaign.hasEmbeddedPhone',
      ]);
    });

    it('answers 400 for missing or mistyped fields and unknown ones', async () => {
      const body = validRegistration(firm.name) as unknown as Record<
        string,
        Record<string, unknown>
      >;
      delete body.business.legalName;
      body.business.ein = 123456789;
      body.campaign.hasEmbeddedLinks = 'no';
      body.contact.extra = 'x';
      const res = await submit(firm, body);
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual(
        ['business.legalName', 'business.ein', 'campaign.hasEmbeddedLinks', 'contact.extra'].sort(),
      );
      expect(res.text).not.toContain('123456789');
      expect((await submit(firm, {})).status).toBe(400);
    });
  });

  describe('access', () => {
    let firm: TestFirm;
    beforeAll(async () => {
      firm = await firmNamed();
    });

    it('lets staff read the registration but not send it (403)', async () => {
      await firm.as('staff').get('/api/sms/registration').expect(200);
      const res = await firm
        .as('staff')
        .put('/api/sms/registration')
        .send(validRegistration(firm.name));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('hides it from viewers (403) and from callers without a token (401)', async () => {
      expect((await firm.as('viewer').get('/api/sms/registration')).status).toBe(403);
      expect((await firm.as('viewer').put('/api/sms/registration').send({})).status).toBe(403);
      expect((await t.http().get('/api/sms/registration')).status).toBe(401);
    });

    it('lets an admin send it', async () => {
      const res = await submit(firm, validRegistration(firm.name), 'admin');
      expect(res.status).toBe(202);
      await settle(firm);
    });
  });

  it('never answered the EIN unmasked', () => {
    expect(answers.length).toBeGreaterThan(10);
    for (const text of answers) {
      expect(text).not.toContain(TEST_EIN);
      expect(text).not.toContain(EIN_DIGITS);
    }
  });
});
