import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './load-config';

const dataDir = mkdtempSync(join(tmpdir(), 'aps-config-'));
const base = { DATA_DIR: dataDir };
const twilioOnPostgres = {
  DATABASE_URL: 'postgres://u@db:5432/app',
  JWT_SECRET: 'x'.repeat(40),
  CARRIER: 'twilio',
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'token',
};

describe('loadConfig', () => {
  it('starts on the embedded defaults with nothing set', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      embedded: true,
      publicBaseUrl: 'http://localhost:3000',
      carrier: 'sandbox',
      platformAdminToken: null,
      smtpUrl: null,
      mailFrom: 'Assure Pro <alerts@localhost>',
      smsAllowanceSegments: 1000,
      smsOverageCentsPerSegment: 1,
      twilio: { apiBaseUrl: 'https://api.twilio.com' },
    });
    expect(config.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig(base).jwtSecret).toBe(config.jwtSecret);
  });

  it('reads every variable of the contract', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/app',
      PUBLIC_BASE_URL: 'https://sms.example.com/',
      JWT_SECRET: 'x'.repeat(40),
      PLATFORM_ADMIN_TOKEN: 'operator-token-123456',
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_API_BASE_URL: 'http://127.0.0.1:9999/',
      SMTP_URL: 'smtp://u:p@mail:1025',
      MAIL_FROM: 'Alerts <a@b.c>',
      SMS_ALLOWANCE_SEGMENTS: '5000',
      SMS_OVERAGE_CENTS_PER_SEGMENT: '2',
      REGISTRATION_ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@db:5432/app',
      embedded: false,
      publicBaseUrl: 'https://sms.example.com',
      carrier: 'twilio',
      twilio: { apiBaseUrl: 'http://127.0.0.1:9999', authToken: 'token' },
      smsAllowanceSegments: 5000,
      smsOverageCentsPerSegment: 2,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ CARRIER: 'telnyx' }, 'CARRIER'],
    [{ CARRIER: 'twilio' }, 'TWILIO_ACCOUNT_SID'],
    [{ CARRIER: 'twilio', TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` }, 'TWILIO_AUTH_TOKEN'],
    [{ TWILIO_ACCOUNT_SID: 'XY123' }, 'TWILIO_ACCOUNT_SID'],
    [{ TWILIO_API_BASE_URL: 'ftp://x' }, 'TWILIO_API_BASE_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'nobody' }, 'MAIL_FROM'],
    [{ SMS_ALLOWANCE_SEGMENTS: '-1' }, 'SMS_ALLOWANCE_SEGMENTS'],
    [{ SMS_OVERAGE_CENTS_PER_SEGMENT: '1.5' }, 'SMS_OVERAGE_CENTS_PER_SEGMENT'],
    [{ PLATFORM_ADMIN_TOKEN: 'short' }, 'PLATFORM_ADMIN_TOKEN'],
    [{ SMS_SEND_KEYWORD_REPLIES: 'maybe' }, 'SMS_SEND_KEYWORD_REPLIES'],
    [{ REGISTRATION_ENCRYPTION_KEY: 'too-short' }, 'REGISTRATION_ENCRYPTION_KEY'],
    [
      { ...twilioOnPostgres, REGISTRATION_ENCRYPTION_KEY: undefined },
      'REGISTRATION_ENCRYPTION_KEY',
    ],
    [{ TWILIO_PRIMARY_CUSTOMER_PROFILE_SID: 'BU123' }, 'TWILIO_PRIMARY_CUSTOMER_PROFILE_SID'],
    [{ REGISTRATION_REVIEW_POLL_SECONDS: '0' }, 'REGISTRATION_REVIEW_POLL_SECONDS'],
  ])('refuses %p naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig({ ...base, ...env });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(
      new RegExp(`^Invalid configuration: ${variable} `),
    );
    expect((error as ConfigError).message).not.toContain('\n');
  });

  describe('REGISTRATION_ENCRYPTION_KEY', () => {
    it('generates a key beside the embedded data and keeps it across restarts', () => {
      const first = loadConfig(base).registration?.encryptionKey;
      expect(first).toHaveLength(32);
      expect(loadConfig(base).registration?.encryptionKey.equals(first as Buffer)).toBe(true);
    });

    it('reads 64 hex digits or base64', () => {
      const hex = loadConfig({ ...base, REGISTRATION_ENCRYPTION_KEY: '0f'.repeat(32) });
      expect(hex.registration?.encryptionKey).toEqual(Buffer.alloc(32, 0x0f));
      const b64 = Buffer.alloc(32, 7).toString('base64');
      const fromBase64 = loadConfig({ ...base, REGISTRATION_ENCRYPTION_KEY: b64 });
      expect(fromBase64.registration?.encryptionKey).toEqual(Buffer.alloc(32, 7));
    });

    it('derives the sandbox key on PostgreSQL from JWT_SECRET, the same in every process', () => {
      const env = { ...twilioOnPostgres, CARRIER: 'sandbox' };
      const key = loadConfig(env).registration?.encryptionKey;
      expect(key).toHaveLength(32);
      expect(loadConfig(env).registration?.encryptionKey.equals(key as Buffer)).toBe(true);
    });

    it('defaults the review poll to a minute and no primary customer profile', () => {
      expect(loadConfig(base).registration).toMatchObject({
        reviewPollSeconds: 60,
        primaryCustomerProfileSid: null,
      });
    });
  });
});
