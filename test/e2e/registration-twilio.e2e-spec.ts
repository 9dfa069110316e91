import { randomBytes, randomUUID } from 'node:crypto';
import { QueryBus } from '@nestjs/cqrs';
import { GetMessagingServiceQuery } from '@app/numbers';
import { IntegrationEvent, IntegrationEventBus, createRootLogger } from '@app/platform';
import { FakeTwilio, RecordedRequest } from '../support/fake-twilio';
import {
  RegistrationAnswer,
  TEST_EIN,
  TWILIO_RESOURCES_OF_ONE_REGISTRATION,
  finished,
  validRegistration,
  waitForRegistration,
} from '../support/registration';
import { AuthorisedAgent, TestApp, TestFirm, startTestApp } from '../support/test-app';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'registration-twilio-auth-token-0123456789';
const PRIMARY_PROFILE = `BU${randomBytes(16).toString('hex')}`;
const EIN_DIGITS = TEST_EIN.replace('-', '');
const SLOW = 120_000;

/**
 * The A2P 10DLC workflow against a fake Twilio (TrustHub, Brand Registrations, Messaging
 * Services, US A2P campaigns) through the real SDK, with reviews answered after one poll each
 * and polled every second.
 */
describe('A2P 10DLC registration with CARRIER=twilio', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  const events: IntegrationEvent[] = [];
  const logLines: string[] = [];
  const answers: string[] = [];
  const logger = createRootLogger('debug', { write: (line: string) => logLines.push(line) });
  let env: Record<string, string>;
  let t: TestApp;

  const boot = async () => {
    t = await startTestApp(env, { logger });
    const bus = t.app.get(IntegrationEventBus);
    for (const name of ['numbers.registration_approved', 'numbers.registration_failed']) {
      bus.subscribe(name, async (event) => {
        events.push(event);
      });
    }
  };

  beforeAll(async () => {
    env = {
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: await fake.start(),
      TWILIO_PRIMARY_CUSTOMER_PROFILE_SID: PRIMARY_PROFILE,
      REGISTRATION_REVIEW_POLL_SECONDS: '1',
      LOG_LEVEL: 'debug',
    };
    await boot();
  });
  // Numbers stay owned (firms of earlier tests still hold them); registration state starts afresh.
  beforeEach(() => {
    fake.requests.length = 0;
    fake.registration.reset();
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  /** A firm with a Twilio number, ready to register. */
  const firmWithNumber = async (): Promise<{ firm: TestFirm; numberSid: string }> => {
    const firm = await t.provisionFirm(`Hill & Dale CPAs ${randomUUID().slice(0, 6)}`);
    const offers = await firm
      .as('owner')
      .get('/api/sms/available-numbers?areaCode=212')
      .expect(200);
    const { phoneNumber } = (offers.body as { numbers: Array<{ phoneNumber: string }> }).numbers[0];
    await firm.as('owner').post('/api/sms/number').send({ phoneNumber }).expect(201);
    const owned = fake.bought().find((n) => n.phoneNumber === phoneNumber);
    if (!owned) throw new Error('the fake did not sell the number');
    return { firm, numberSid: owned.sid };
  };
  const submit = async (firm: TestFirm) => {
    const res = await firm
      .as('owner')
      .put('/api/sms/registration')
      .send(validRegistration(firm.name));
    answers.push(res.text);
    expect(res.status).toBe(202);
  };
  const settle = async (firm: TestFirm, done = finished) => {
    const answer = await waitForRegistration(firm, done, 90_000);
    answers.push(JSON.stringify(answer));
    return answer;
  };
  const posts = (path: RegExp): RecordedRequest[] =>
    fake.requests.filter((r) => r.method === 'POST' && path.test(r.path));
  const statuses = (answer: RegistrationAnswer) => answer.steps.map((s) => [s.name, s.status]);

  it(
    'walks a valid submission through every step to approved, creating each resource once',
    async () => {
      const { firm, numberSid } = await firmWithNumber();
      await submit(firm);
      const done = await settle(firm);

      expect(done.status).toBe('approved');
      expect(statuses(done)).toEqual([
        ['customer_profile', 'approved'],
        ['trust_product', 'approved'],
        ['brand', 'approved'],
        ['messaging_service', 'approved'],
        ['campaign', 'approved'],
      ]);
      expect(fake.registration.createdCounts()).toEqual(TWILIO_RESOURCES_OF_ONE_REGISTRATION);
      expect(events.filter((e) => e.firmId === firm.id).map((e) => e.eventName)).toEqual([
        'numbers.registration_approved',
      ]);

      // Reviews were polled, not assumed: the brand and campaign were fetched until approved.
      const fetches = (path: RegExp) =>
        fake.requests.filter((r) => r.method === 'GET' && path.test(r.path)).length;
      expect(fetches(/^\/v1\/a2p\/BrandRegistrations\/BN/)).toBeGreaterThanOrEqual(2);
      expect(fetches(/\/Compliance\/Usa2p\/QE/)).toBeGreaterThanOrEqual(2);

      const service = [...fake.registration.messaging.services.values()][0];
      expect([...service.numbers.keys()]).toEqual([numberSid]);
      const sid = await t.app.get(QueryBus).execute(new GetMessagingServiceQuery(firm.id));
      expect(sid).toBe(service.sid);
    },
    SLOW,
  );

  it(
    'warns that texts may be blocked until approved, explains a 30034 refusal, then sends through the Messaging Service',
    async () => {
      const { firm } = await firmWithNumber();
      const client = await t.createClient(firm, { name: 'Ana Ortiz', phone: '(503) 555-0177' });
      const availability = async () =>
        (await firm.as('staff').get(`/api/clients/${client.id}/sms-availability`).expect(200))
          .body as { available: boolean; warning: string | null };
      const card = async () =>
        (await firm.as('staff').get('/api/sms/number').expect(200)).body.registration as {
          status: string;
          sendingMayBeBlocked: boolean;
        };
      expect(await card()).toEqual({ status: 'not_started', sendingMayBeBlocked: true });
      expect(await availability()).toEqual({
        available: true,
        reason: null,
        warning: 'registration_not_approved',
      });

      // US carriers refuse the unregistered number: the failure says why in the firm's words.
      fake.fail({ method: 'POST', path: /\/Messages\.json$/ }, { status: 400, code: 30034 });
      const blocked = await firm
        .as('staff')
        .post(`/api/clients/${client.id}/messages`)
        .send({ channel: 'sms', body: 'Your 2024 return is ready to sign.' })
        .expect(202);
      const failed = await waitForMessage(firm, client.id, blocked.body.id, 'failed');
      expect(failed.errorCode).toBe('30034');
      const audit = await firm
        .as('owner')
        .get('/api/activity?type=sms.message.delivery_failed')
        .expect(200);
      expect(audit.body.items[0].data.reason).toMatch(/texting registration is not approved/);

      await submit(firm);
      expect((await settle(firm)).status).toBe('approved');
      expect(await card()).toEqual({ status: 'approved', sendingMayBeBlocked: false });
      expect(await availability()).toMatchObject({ available: true, warning: null });

      const sent = await firm
        .as('staff')
        .post(`/api/clients/${client.id}/messages`)
        .send({ channel: 'sms', body: 'We received your documents, thank you.' })
        .expect(202);
      await waitForMessage(firm, client.id, sent.body.id, 'sent');
      const service = [...fake.registration.messaging.services.values()][0];
      const [create] = posts(/\/Messages\.json$/).filter((r) =>
        String(r.form.Body).startsWith('We received your documents'),
      );
      expect(create.form.MessagingServiceSid).toBe(service.sid);
      expect(create.form.From).toBeUndefined();

      const log = await firm.as('owner').get('/api/activity?type=sms.registration.*').expect(200);
      expect(log.body.items.map((i: { type: string }) => i.type)).toEqual([
        'sms.registration.approved',
        'sms.registration.submitted',
      ]);
    },
    SLOW,
  );

  it(
    'sends Twilio the request fields of twilio-oai, the EIN decrypted only for TrustHub',
    async () => {
      const { firm, numberSid } = await firmWithNumber();
      const body = validRegistration(firm.name);
      await submit(firm);
      await settle(firm);

      for (const request of fake.requests) {
        expect(request.auth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
      }
      const [profile] = posts(/^\/v1\/CustomerProfiles$/);
      expect(profile.form).toEqual({
        FriendlyName: expect.stringMatching(/^Assure Pro profile [0-9a-f-]{36}$/),
        Email: body.contact.email,
        PolicySid: 'RNdfbf3fae0e1107f8aded0e7cead80bf5',
      });
      const endUsers = posts(/^\/v1\/EndUsers$/).map((r) => ({
        type: r.form.Type,
        attributes: JSON.parse(String(r.form.Attributes)) as Record<string, string>,
      }));
      expect(endUsers).toEqual([
        {
          type: 'customer_profile_business_information',
          attributes: {
            business_name: body.business.legalName,
            business_identity: 'direct_customer',
            business_type: 'Limited Liability Corporation',
            business_industry: 'FINANCIAL',
            business_registration_identifier: 'EIN',
            business_registration_number: TEST_EIN,
            business_regions_of_operation: 'USA_AND_CANADA',
            website_url: body.business.website,
          },
        },
        {
          type: 'authorized_representative_1',
          attributes: {
            first_name: 'Dana',
            last_name: 'Hill',
            email: body.contact.email,
            phone_number: '+15035550100',
            business_title: 'Managing Partner',
            job_position: 'Other',
          },
        },
        { type: 'us_a2p_messaging_profile_information', attributes: { company_type: 'private' } },
      ]);
      const [address] = posts(/\/Addresses\.json$/);
      expect(address.form).toMatchObject({
        CustomerName: body.business.legalName,
        Street: body.business.address.street,
        City: 'Portland',
        Region: 'OR',
        PostalCode: '97201',
        IsoCountry: 'US',
      });
      const assigned = posts(/^\/v1\/CustomerProfiles\/BU[0-9a-f]{32}\/EntityAssignments$/).map(
        (r) => r.form.ObjectSid,
      );
      expect(assigned).toContain(PRIMARY_PROFILE);
      expect(posts(/^\/v1\/CustomerProfiles\/BU[0-9a-f]{32}$/)[0].form).toEqual({
        Status: 'pending-review',
      });
      expect(posts(/^\/v1\/TrustProducts$/)[0].form).toMatchObject({
        PolicySid: 'RNb0d4771c2c98518d916a3d4cd70a8f8b',
      });
      expect(posts(/^\/v1\/a2p\/BrandRegistrations$/)[0].form).toEqual({
        CustomerProfileBundleSid: expect.stringMatching(/^BU/),
        A2PProfileBundleSid: expect.stringMatching(/^BU/),
        BrandType: 'STANDARD',
      });
      expect(posts(/^\/v1\/Services$/)[0].form).toEqual({
        FriendlyName: `Assure Pro ${firm.id}`,
        UseInboundWebhookOnNumber: 'true',
      });
      expect(posts(/^\/v1\/Services\/MG[0-9a-f]{32}\/PhoneNumbers$/)[0].form).toEqual({
        PhoneNumberSid: numberSid,
      });
      expect(posts(/\/Compliance\/Usa2p$/)[0].form).toEqual({
        BrandRegistrationSid: expect.stringMatching(/^BN/),
        Description: body.campaign.description,
        MessageFlow: body.campaign.messageFlow,
        MessageSamples: body.campaign.sampleMessages,
        UsAppToPersonUsecase: 'ACCOUNT_NOTIFICATION',
        HasEmbeddedLinks: 'false',
        HasEmbeddedPhone: 'false',
      });
    },
    SLOW,
  );

  it(
    'stops at a rejected brand with the carrier’s reason, the EIN in it masked',
    async () => {
      fake.registration.rejectBrands(`Tax ID ${TEST_EIN} does not match the legal business name`);
      const { firm } = await firmWithNumber();
      await submit(firm);
      const done = await settle(firm);

      expect(done.status).toBe('failed');
      expect(statuses(done)).toEqual([
        ['customer_profile', 'approved'],
        ['trust_product', 'approved'],
        ['brand', 'failed'],
        ['messaging_service', 'pending'],
        ['campaign', 'pending'],
      ]);
      expect(done.steps[2].detail).toBe(
        'The brand was rejected: Tax ID **-***6789 does not match the legal business name',
      );
      expect(posts(/^\/v1\/Services$/)).toHaveLength(0);
      expect(events.filter((e) => e.firmId === firm.id)).toEqual([
        expect.objectContaining({
          eventName: 'numbers.registration_failed',
          step: 'brand',
          reason: done.steps[2].detail,
        }),
      ]);
    },
    SLOW,
  );

  it(
    'creates nothing twice when answers are lost, Twilio fails and the app stops between steps',
    async () => {
      // Each create is carried out by Twilio but its answer never arrives, once.
      for (const path of [
        /^\/v1\/EndUsers$/,
        /^\/v1\/TrustProducts$/,
        /^\/v1\/a2p\/BrandRegistrations$/,
        /^\/v1\/Services$/,
        /\/Compliance\/Usa2p$/,
      ]) {
        fake.fail({ method: 'POST', path }, { lostAnswer: true });
      }
      fake.fail({ method: 'GET', path: /^\/v1\/a2p\/BrandRegistrations\/BN/ }, { status: 503 });
      const { firm } = await firmWithNumber();
      await submit(firm);

      const between = await settle(firm, (a) => a.steps[0].status === 'approved' || finished(a));
      expect(between.steps[0].status).toBe('approved');
      expect(between.status).toBe('in_progress');
      await t.close();
      await boot();

      const done = await settle(rebind(firm, t));
      expect(done.status).toBe('approved');
      expect(fake.registration.createdCounts()).toEqual(TWILIO_RESOURCES_OF_ONE_REGISTRATION);
      // What was created before an answer got lost was found again by its name, not re-created.
      expect(posts(/^\/v1\/TrustProducts$/)).toHaveLength(1);
      const lookups = fake.requests.filter(
        (r) => r.method === 'GET' && r.path === '/v1/TrustProducts',
      );
      expect(lookups.map((r) => r.query.FriendlyName)).toEqual([
        expect.stringMatching(/^Assure Pro a2p-profile /),
      ]);
    },
    SLOW,
  );

  it('never answered the EIN unmasked nor wrote it to a log line at LOG_LEVEL=debug', () => {
    expect(answers.length).toBeGreaterThan(5);
    for (const text of answers) {
      expect(text).not.toContain(TEST_EIN);
      expect(text).not.toContain(EIN_DIGITS);
    }
    expect(logLines.some((line) => line.includes('registration step'))).toBe(true);
    expect(logLines.some((line) => JSON.parse(line).level === 'debug')).toBe(true);
    for (const line of logLines) {
      expect(line).not.toContain(TEST_EIN);
      expect(line).not.toContain(EIN_DIGITS);
    }
  });
});

/** Polls the client's thread until the message reaches `status`; answers it. */
async function waitForMessage(
  firm: TestFirm,
  clientId: string,
  messageId: string,
  status: string,
): Promise<{ id: string; status: string; errorCode: string | null }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await firm.as('staff').get(`/api/clients/${clientId}/messages`).expect(200);
    const items = (
      res.body as { items: Array<{ id: string; status: string; errorCode: string | null }> }
    ).items;
    const message = items.find((m) => m.id === messageId);
    if (message?.status === status) return message;
    if (Date.now() > deadline) {
      throw new Error(`message ${messageId} is ${message?.status ?? 'missing'}, not ${status}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The same firm's tokens against a restarted app (the JWT secret is the same). */
function rebind(firm: TestFirm, app: TestApp): TestFirm {
  const agent = (token: string): AuthorisedAgent => ({
    get: (p) => app.http().get(p).set('Authorization', `Bearer ${token}`),
    post: (p) => app.http().post(p).set('Authorization', `Bearer ${token}`),
    patch: (p) => app.http().patch(p).set('Authorization', `Bearer ${token}`),
    put: (p) => app.http().put(p).set('Authorization', `Bearer ${token}`),
    delete: (p) => app.http().delete(p).set('Authorization', `Bearer ${token}`),
  });
  return { ...firm, as: (role) => agent(firm.members[role].token) };
}
