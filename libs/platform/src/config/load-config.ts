import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, CarrierKind, RegistrationConfig } from './app-config';

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be an absolute URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `must use ${protocols.map((p) => p.replace(':', '')).join(' or ')}`,
    );
  }
  return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

/** The embedded default keeps a generated secret beside its data so tokens survive restarts. */
function embeddedJwtSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * REGISTRATION_ENCRYPTION_KEY: 32 bytes as 64 hex digits or base64. Unset, the embedded default
 * generates one beside its data (like JWT_SECRET); with DATABASE_URL it is required for
 * CARRIER=twilio, and the sandbox derives one from JWT_SECRET, which every process of that
 * deployment shares.
 */
function registrationConfig(
  env: Env,
  carrier: CarrierKind,
  databaseUrl: string | null,
  dataDir: string,
  jwtSecret: string,
): RegistrationConfig {
  const name = 'REGISTRATION_ENCRYPTION_KEY';
  const raw = read(env, name);
  let encryptionKey: Buffer;
  if (raw !== undefined) {
    encryptionKey = /^[0-9a-f]{64}$/i.test(raw)
      ? Buffer.from(raw, 'hex')
      : Buffer.from(raw, 'base64');
    if (encryptionKey.length !== 32 || !/^[A-Za-z0-9+/_=-]+$/.test(raw)) {
      throw new ConfigError(name, 'must be 32 bytes written as 64 hex digits or base64');
    }
  } else if (databaseUrl === null) {
    encryptionKey = Buffer.from(embeddedSecret(dataDir, 'registration-key', 32), 'base64url');
  } else if (carrier === 'twilio') {
    throw new ConfigError(name, 'is required when CARRIER=twilio and DATABASE_URL is set');
  } else {
    encryptionKey = Buffer.from(
      hkdfSync('sha256', jwtSecret, 'assure-pro', 'registration-ein', 32),
    );
  }
  const primary = read(env, 'TWILIO_PRIMARY_CUSTOMER_PROFILE_SID') ?? null;
  if (primary !== null && !/^BU[0-9a-fA-F]{32}$/.test(primary)) {
    throw new ConfigError(
      'TWILIO_PRIMARY_CUSTOMER_PROFILE_SID',
      'must look like BU followed by 32 hex digits',
    );
  }
  return {
    encryptionKey,
    primaryCustomerProfileSid: primary,
    reviewPollSeconds: integer(env, 'REGISTRATION_REVIEW_POLL_SECONDS', 60, 1, 86_400),
  };
}

function embeddedSecret(dataDir: string, fileName: string, bytes: number): string {
  const file = join(dataDir, fileName);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(bytes).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** Reads and validates every variable of the contract; throws ConfigError naming the first bad one. */
export function loadConfig(env: Env = process.env): AppConfig {
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']) ?? null;
  const dataDir = resolve(read(env, 'DATA_DIR') ?? './.data');
  const publicBaseUrl = (
    url(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`
  ).replace(/\/+$/, '');

  const carrierRaw = (read(env, 'CARRIER') ?? 'sandbox').toLowerCase();
  if (carrierRaw !== 'twilio' && carrierRaw !== 'sandbox') {
    throw new ConfigError('CARRIER', `must be "twilio" or "sandbox", got "${carrierRaw}"`);
  }
  const carrier = carrierRaw as CarrierKind;
  const accountSid = read(env, 'TWILIO_ACCOUNT_SID') ?? null;
  const authToken = read(env, 'TWILIO_AUTH_TOKEN') ?? null;
  if (accountSid !== null && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    throw new ConfigError('TWILIO_ACCOUNT_SID', 'must look like AC followed by 32 hex digits');
  }
  if (carrier === 'twilio') {
    if (!accountSid) throw new ConfigError('TWILIO_ACCOUNT_SID', 'is required when CARRIER=twilio');
    if (!authToken) throw new ConfigError('TWILIO_AUTH_TOKEN', 'is required when CARRIER=twilio');
  }
  const apiBaseUrl = (
    url(env, 'TWILIO_API_BASE_URL', ['http:', 'https:']) ?? 'https://api.twilio.com'
  ).replace(/\/+$/, '');

  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']) ?? null;
  const mailFrom = read(env, 'MAIL_FROM') ?? 'Assure Pro <alerts@localhost>';
  if (!/@/.test(mailFrom)) throw new ConfigError('MAIL_FROM', 'must contain an email address');

  let jwtSecret = read(env, 'JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  }
  if (jwtSecret === undefined) {
    if (databaseUrl) throw new ConfigError('JWT_SECRET', 'is required when DATABASE_URL is set');
    jwtSecret = embeddedJwtSecret(dataDir);
  }

  const platformAdminToken = read(env, 'PLATFORM_ADMIN_TOKEN') ?? null;
  if (platformAdminToken !== null && platformAdminToken.length < 16) {
    throw new ConfigError('PLATFORM_ADMIN_TOKEN', 'must be at least 16 characters');
  }

  const logLevel = (read(env, 'LOG_LEVEL') ?? 'info').toLowerCase();
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of fatal, error, warn, info, debug, trace, silent`,
    );
  }

  return AppConfig.create({
    port,
    databaseUrl,
    dataDir,
    publicBaseUrl,
    jwtSecret,
    platformAdminToken,
    carrier,
    twilio: { accountSid, authToken, apiBaseUrl },
    smtpUrl,
    mailFrom,
    smsAllowanceSegments: integer(env, 'SMS_ALLOWANCE_SEGMENTS', 1000, 0, 100_000_000),
    smsOverageCentsPerSegment: integer(env, 'SMS_OVERAGE_CENTS_PER_SEGMENT', 1, 0, 10_000),
    smsSendKeywordReplies: bool(env, 'SMS_SEND_KEYWORD_REPLIES', false),
    embedded: databaseUrl === null,
    logLevel,
    runWorkers: bool(env, 'RUN_WORKERS', true),
    registration: registrationConfig(env, carrier, databaseUrl, dataDir, jwtSecret),
  });
}
