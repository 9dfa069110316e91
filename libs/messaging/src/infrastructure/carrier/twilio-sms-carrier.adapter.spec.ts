import { CarrierAuthFailedError, CarrierRejectedError, CarrierUnavailableError } from '@app/kernel';
import { AppConfig, type TwilioClientOptions } from '@app/platform';
import { FakeTwilio } from '../../../../../test/support/fake-twilio';
import type { OutboundSms } from '../../application/ports/sms-carrier.port';
import { TwilioSmsCarrier } from './twilio-sms-carrier.adapter';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'fedcba9876543210fedcba9876543210';
const FROM = '+15035550100';
const TO = '+15035550142';
const FAST: TwilioClientOptions = { timeoutMs: 400, maxRetryDelayMs: 20 };

function configFor(apiBaseUrl: string, authToken = AUTH_TOKEN): AppConfig {
  return AppConfig.create({
    port: 0,
    databaseUrl: null,
    dataDir: '/tmp/assure-pro-test',
    publicBaseUrl: 'https://sms.example.com',
    jwtSecret: 'test-jwt-secret-that-is-long-enough-0123456789',
    platformAdminToken: null,
    carrier: 'twilio',
    twilio: { accountSid: ACCOUNT_SID, authToken, apiBaseUrl },
    smtpUrl: null,
    mailFrom: 'Assure Pro <no-reply@example.com>',
    smsAllowanceSegments: 500,
    smsOverageCentsPerSegment: 2,
    smsSendKeywordReplies: true,
    embedded: true,
    logLevel: 'silent',
    runWorkers: false,
  });
}

function sms(overrides: Partial<OutboundSms> = {}): OutboundSms {
  return {
    messageId: '0190d5a4-7b1e-7c3a-9f00-000000000001',
    from: FROM,
    messagingServiceSid: null,
    to: TO,
    body: 'Your 2024 return is ready to sign.',
    statusCallbackUrl: 'https://sms.example.com/webhooks/twilio/status',
    ...overrides,
  };
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the send to fail');
  return outcome;
}

describe('TwilioSmsCarrier against a fake Twilio', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  let baseUrl: string;
  let carrier: TwilioSmsCarrier;

  beforeAll(async () => {
    baseUrl = await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.own(FROM);
    carrier = new TwilioSmsCarrier(configFor(baseUrl), FAST);
  });

  it('posts To, From, Body and StatusCallback and answers the SM sid', async () => {
    const accepted = await carrier.send(sms());

    expect(accepted).toEqual({
      carrierMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/),
      status: 'queued',
      segments: 1,
    });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.form).toEqual({
      To: TO,
      From: FROM,
      Body: 'Your 2024 return is ready to sign.',
      StatusCallback: 'https://sms.example.com/webhooks/twilio/status',
    });
    expect(fake.messages()).toEqual([
      expect.objectContaining({ sid: accepted.carrierMessageId, to: TO, from: FROM }),
    ]);
  });

  it('finds the texts an earlier attempt left with the recipient, oldest first, by body and time', async () => {
    const before = new Date(Date.now() - 1000);
    const first = await carrier.send(sms());
    await carrier.send(sms({ body: 'Another text.' }));
    await carrier.send(sms({ to: '+15035550199' }));
    const second = await carrier.send(sms());

    const found = await carrier.findAccepted(sms(), before);
    expect(found.map((f) => f.carrierMessageId)).toEqual([
      first.carrierMessageId,
      second.carrierMessageId,
    ]);
    expect(found[0]).toEqual({
      carrierMessageId: first.carrierMessageId,
      status: 'queued',
      segments: 1,
    });
    const [lookup] = fake.requests.filter((r) => r.method === 'GET');
    expect(lookup.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(lookup.query).toMatchObject({ To: TO, From: FROM });

    // Texts from long before the first attempt are someone else's, however alike.
    expect(await carrier.findAccepted(sms(), new Date(Date.now() + 10 * 60_000))).toEqual([]);
  });

  it('looks a Messaging Service’s texts up by recipient only, the service matching', async () => {
    const service = fake.registration.messaging.createServiceFor(FROM);
    const viaService = sms({ messagingServiceSid: service });
    const accepted = await carrier.send(viaService);
    await carrier.send(sms());
    const found = await carrier.findAccepted(viaService, new Date(Date.now() - 1000));
    expect(found.map((f) => f.carrierMessageId)).toEqual([accepted.carrierMessageId]);
    expect(fake.requests.filter((r) => r.method === 'GET')[0].query.From).toBeUndefined();
  });

  it('answers CarrierUnavailableError when the look-up cannot reach Twilio', async () => {
    fake.fail({ method: 'GET', path: /Messages\.json$/ }, { status: 503 });
    const error = await failureOf(carrier.findAccepted(sms(), new Date()));
    expect(error).toBeInstanceOf(CarrierUnavailableError);
  });

  it('turns Twilio’s string segment count into a number', async () => {
    const accepted = await carrier.send(sms({ body: 'x'.repeat(200) }));

    expect(accepted.segments).toBe(2);
  });

  it.each([
    ['21610', /opted out/],
    ['21211', /not valid/],
    ['30034', /texting registration is not approved/],
  ])('answers CarrierRejectedError with code %s', async (code, reason) => {
    fake.fail({ method: 'POST', path: /Messages\.json$/ }, { status: 400, code: Number(code) });

    const error = await failureOf(carrier.send(sms()));

    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect(error).toMatchObject({ carrierCode: code, transient: false });
    expect(error.message).toMatch(reason);
  });

  it('never repeats the phone number Twilio quotes in its message', async () => {
    fake.fail({ method: 'POST' }, { status: 400, code: 21211 });

    const error = await failureOf(carrier.send(sms()));

    expect(fake.requests).toHaveLength(1);
    expect(error.message).not.toContain('5550142');
  });

  it('masks the number in Twilio’s own words when the code has no reason of ours', async () => {
    fake.fail(
      { method: 'POST' },
      { status: 400, code: 21999, message: `Cannot route to ${TO} right now` },
    );

    const error = await failureOf(carrier.send(sms()));

    expect(error).toMatchObject({ carrierCode: '21999' });
    expect(error.message).toContain('***0142');
    expect(error.message).not.toContain('5550142');
  });

  it('answers CarrierRejectedError when sending from a number the account does not own', async () => {
    const error = await failureOf(carrier.send(sms({ from: '+15035550199' })));

    expect(error).toBeInstanceOf(CarrierRejectedError);
    expect(error).toMatchObject({ carrierCode: '21606' });
  });

  it('answers CarrierUnavailableError for a 500', async () => {
    fake.fail({ method: 'POST' }, { status: 500 });

    const error = await failureOf(carrier.send(sms()));

    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error).toMatchObject({ carrierCode: '20500', transient: true });
    expect(fake.messages()).toEqual([]);
  });

  it('answers CarrierUnavailableError when the connection is reset', async () => {
    fake.fail({ method: 'POST' }, { reset: true });

    const error = await failureOf(carrier.send(sms()));

    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error.message).toMatch(/could not be reached/);
    expect(fake.requests).toHaveLength(1);
  });

  it('answers CarrierUnavailableError when Twilio answers too slowly', async () => {
    fake.fail({ method: 'POST' }, { delayMs: 3_000 });

    const error = await failureOf(carrier.send(sms()));

    expect(error).toBeInstanceOf(CarrierUnavailableError);
    expect(error.message).toMatch(/did not answer in time/);
  });

  it('answers CarrierAuthFailedError for a wrong auth token', async () => {
    carrier = new TwilioSmsCarrier(configFor(baseUrl, 'not-the-token'), FAST);

    await expect(carrier.send(sms())).rejects.toBeInstanceOf(CarrierAuthFailedError);
    expect(fake.messages()).toEqual([]);
  });
});
