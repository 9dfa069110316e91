import {
  CarrierAuthFailedError,
  CarrierRejectedError,
  CarrierUnavailableError,
  ValidationFailedError,
} from '@app/kernel';
import { AppConfig, TWILIO_DEFAULT_MAX_RETRIES, type TwilioClientOptions } from '@app/platform';
import { FakeTwilio } from '../../../../../test/support/fake-twilio';
import { NumberUnavailableError } from '../../domain/numbers.errors';
import { TwilioNumberProvider } from './twilio-number-provider.adapter';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = 'fedcba9876543210fedcba9876543210';
const ACCOUNT_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}`;
const WEBHOOKS = {
  smsUrl: 'https://sms.example.com/webhooks/twilio/sms',
  statusCallbackUrl: 'https://sms.example.com/webhooks/twilio/status',
  friendlyName: 'Assure Pro — Hill & Dale CPAs',
};
// Short enough to keep the timeout test fast, long enough for a loaded CI machine.
const FAST: TwilioClientOptions = { timeoutMs: 400, maxRetryDelayMs: 20 };

function configFor(apiBaseUrl: string, authToken: string | null = AUTH_TOKEN): AppConfig {
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

describe('TwilioNumberProvider against a fake Twilio', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  let baseUrl: string;
  let provider: TwilioNumberProvider;

  beforeAll(async () => {
    baseUrl = await fake.start();
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    provider = new TwilioNumberProvider(configFor(baseUrl), FAST);
  });

  describe('search', () => {
    it('asks for SMS-capable local numbers in the area code, at most ten', async () => {
      const found = await provider.search('503');

      expect(fake.requests).toHaveLength(1);
      const [request] = fake.requests;
      expect(request.method).toBe('GET');
      expect(request.path).toBe(`${ACCOUNT_PATH}/AvailablePhoneNumbers/US/Local.json`);
      // A page of 30, so dropping held or SMS-less numbers still leaves the 10 shown.
      expect(request.query).toEqual({ AreaCode: '503', SmsEnabled: 'true', PageSize: '30' });
      expect(request.auth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
      expect(found).toHaveLength(30);
      for (const number of found) {
        expect(number.phoneNumber).toMatch(/^\+1503\d{7}$/);
        expect(number).toEqual(expect.objectContaining({ locality: 'Portland', region: 'OR' }));
      }
    });

    it('sends no AreaCode when none is asked for', async () => {
      const found = await provider.search();

      const { query } = fake.requests[0];
      expect(query).toEqual({ SmsEnabled: 'true', PageSize: '30' });
      expect(found.length).toBeGreaterThan(0);
      expect(found.length).toBeLessThanOrEqual(30);
      expect(new Set(found.map((n) => n.phoneNumber.slice(2, 5))).size).toBeGreaterThan(1);
    });

    it('maps unknown places to null', async () => {
      const found = await provider.search('808');

      expect(found[0]).toEqual({ phoneNumber: '+18085550100', locality: null, region: null });
    });

    it('rejects a malformed area code without calling Twilio', async () => {
      await expect(provider.search('50')).rejects.toBeInstanceOf(ValidationFailedError);
      expect(fake.requests).toHaveLength(0);
    });

    it('no longer offers a number once it is bought', async () => {
      const [first] = await provider.search('503');
      await provider.claim(first.phoneNumber, WEBHOOKS);

      const again = await provider.search('503');

      expect(again.map((n) => n.phoneNumber)).not.toContain(first.phoneNumber);
    });
  });

  describe('claim', () => {
    it('buys the number with our webhooks and answers its PN sid', async () => {
      const claimed = await provider.claim('+15035550142', WEBHOOKS);

      expect(claimed).toEqual({
        carrierId: expect.stringMatching(/^PN[0-9a-f]{32}$/),
        phoneNumber: '+15035550142',
      });
      const [request] = fake.requests;
      expect(request.method).toBe('POST');
      expect(request.path).toBe(`${ACCOUNT_PATH}/IncomingPhoneNumbers.json`);
      expect(request.form).toEqual({
        PhoneNumber: '+15035550142',
        SmsUrl: WEBHOOKS.smsUrl,
        SmsMethod: 'POST',
        StatusCallback: WEBHOOKS.statusCallbackUrl,
        StatusCallbackMethod: 'POST',
        FriendlyName: WEBHOOKS.friendlyName,
      });
      expect(fake.bought()).toEqual([
        expect.objectContaining({ sid: claimed.carrierId, phoneNumber: '+15035550142' }),
      ]);
    });

    it('answers NumberUnavailableError when someone else got the number first', async () => {
      fake.markUnavailable('+15035550142');

      await expect(provider.claim('+15035550142', WEBHOOKS)).rejects.toBeInstanceOf(
        NumberUnavailableError,
      );
      expect(fake.bought()).toEqual([]);
    });

    it('answers NumberUnavailableError for a number the account already owns', async () => {
      await provider.claim('+15035550142', WEBHOOKS);

      await expect(provider.claim('+15035550142', WEBHOOKS)).rejects.toBeInstanceOf(
        NumberUnavailableError,
      );
    });

    it('reads a 400 that says "not available" as unavailable, whatever its code', async () => {
      fake.fail(
        { method: 'POST' },
        {
          status: 400,
          code: 21452,
          message: 'No phone numbers found; +15035550142 is not available',
        },
      );

      await expect(provider.claim('+15035550142', WEBHOOKS)).rejects.toBeInstanceOf(
        NumberUnavailableError,
      );
    });

    it('answers CarrierUnavailableError for a 500', async () => {
      fake.fail({ method: 'POST', path: /IncomingPhoneNumbers\.json$/ }, { status: 500 });

      const error = await provider.claim('+15035550142', WEBHOOKS).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error).toMatchObject({ carrierCode: '20500', transient: true });
    });

    it('rides out a single 429: the SDK retries it by itself', async () => {
      fake.fail({ method: 'POST' }, { status: 429 });

      const claimed = await provider.claim('+15035550142', WEBHOOKS);

      expect(claimed.phoneNumber).toBe('+15035550142');
      expect(fake.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    });

    it(`gives up after ${TWILIO_DEFAULT_MAX_RETRIES} retries of 429 with CarrierUnavailableError`, async () => {
      fake.fail({ method: 'POST' }, { status: 429 }, TWILIO_DEFAULT_MAX_RETRIES + 1);

      const error = await provider.claim('+15035550142', WEBHOOKS).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error).toMatchObject({ carrierCode: '20429' });
      expect(fake.requests).toHaveLength(TWILIO_DEFAULT_MAX_RETRIES + 1);
      expect(fake.bought()).toEqual([]);
    });

    it('does not retry 429 when retries are turned off', async () => {
      provider = new TwilioNumberProvider(configFor(baseUrl), { ...FAST, maxRetries: 0 });
      fake.fail({ method: 'POST' }, { status: 429 });

      await expect(provider.claim('+15035550142', WEBHOOKS)).rejects.toBeInstanceOf(
        CarrierUnavailableError,
      );
      expect(fake.requests).toHaveLength(1);
    });

    it('answers CarrierRejectedError for another 4xx', async () => {
      fake.fail({ method: 'POST' }, { status: 400, code: 21408, message: 'Permission denied' });

      await expect(provider.claim('+15035550142', WEBHOOKS)).rejects.toEqual(
        expect.objectContaining({ constructor: CarrierRejectedError, carrierCode: '21408' }),
      );
    });
  });

  describe('release', () => {
    it('deletes the number by its PN sid', async () => {
      const { carrierId } = await provider.claim('+15035550142', WEBHOOKS);

      await provider.release(carrierId);

      const last = fake.requests[fake.requests.length - 1];
      expect(last.method).toBe('DELETE');
      expect(last.path).toBe(`${ACCOUNT_PATH}/IncomingPhoneNumbers/${carrierId}.json`);
      expect(fake.bought()).toEqual([]);
    });

    it('treats a number Twilio no longer has (404) as released', async () => {
      const { carrierId } = await provider.claim('+15035550142', WEBHOOKS);
      await provider.release(carrierId);

      await expect(provider.release(carrierId)).resolves.toBeUndefined();
      expect(fake.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    });

    it('still reports other failures', async () => {
      fake.fail({ method: 'DELETE' }, { status: 503 });

      await expect(provider.release(`PN${'0'.repeat(32)}`)).rejects.toBeInstanceOf(
        CarrierUnavailableError,
      );
    });
  });

  describe('trouble reaching Twilio', () => {
    it('answers CarrierAuthFailedError for a wrong auth token', async () => {
      provider = new TwilioNumberProvider(configFor(baseUrl, 'not-the-token'), FAST);

      await expect(provider.search('503')).rejects.toBeInstanceOf(CarrierAuthFailedError);
      expect(fake.requests[0].auth?.password).toBe('not-the-token');
    });

    it('answers CarrierAuthFailedError on first use when no credentials are configured', async () => {
      provider = new TwilioNumberProvider(configFor(baseUrl, null), FAST);

      await expect(provider.search('503')).rejects.toBeInstanceOf(CarrierAuthFailedError);
      expect(fake.requests).toHaveLength(0);
    });

    it('gives up on a slow answer after the timeout with CarrierUnavailableError', async () => {
      fake.fail({ method: 'GET' }, { delayMs: 3_000 });
      const started = Date.now();

      const error = await provider.search('503').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect((error as Error).message).toMatch(/did not answer in time/);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('answers CarrierUnavailableError when nothing listens', async () => {
      const closed = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
      const deadUrl = await closed.start();
      await closed.stop();
      provider = new TwilioNumberProvider(configFor(deadUrl), FAST);

      const error = await provider.search('503').catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect((error as Error).message).toMatch(/could not be reached/);
    });
  });
});
