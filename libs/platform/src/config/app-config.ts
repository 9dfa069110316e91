/**
 * The validated configuration of the process, built once at boot from the environment
 * (see load-config.ts) and injected by class token.
 */
export type CarrierKind = 'twilio' | 'sandbox';

/** A2P 10DLC registration settings (see load-config.ts for where each value comes from). */
export interface RegistrationConfig {
  /** 32 bytes: the AES-256-GCM key that encrypts each firm's EIN at rest. */
  encryptionKey: Buffer;
  /** The platform's own approved primary TrustHub customer profile (`BU…`), for ISV onboarding. */
  primaryCustomerProfileSid: string | null;
  /** First wait before asking Twilio about a review again; later waits double, up to an hour. */
  reviewPollSeconds: number;
}

export class AppConfig {
  port!: number;
  /** Unset means the embedded database in `dataDir`. */
  databaseUrl!: string | null;
  dataDir!: string;
  /** Without a trailing slash. Webhook signatures are checked against it. */
  publicBaseUrl!: string;
  jwtSecret!: string;
  platformAdminToken!: string | null;
  carrier!: CarrierKind;
  twilio!: { accountSid: string | null; authToken: string | null; apiBaseUrl: string };
  smtpUrl!: string | null;
  mailFrom!: string;
  smsAllowanceSegments!: number;
  smsOverageCentsPerSegment!: number;
  smsSendKeywordReplies!: boolean;
  /** True when the embedded database is in use: demo data and printed logins are allowed. */
  embedded!: boolean;
  logLevel!: string;
  /** Run the durable-job workers in this process (API processes may leave them to workers). */
  runWorkers!: boolean;
  /** Always set by loadConfig; absent only from configurations built by hand for unit tests. */
  registration?: RegistrationConfig;

  static create(values: Omit<AppConfig, never>): AppConfig {
    return Object.assign(new AppConfig(), values);
  }
}
