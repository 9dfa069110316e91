/**
 * The validated configuration of the process, built once at boot from the environment
 * (see load-config.ts) and injected by class token.
 */
export type CarrierKind = 'twilio' | 'sandbox';

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

  static create(values: Omit<AppConfig, never>): AppConfig {
    return Object.assign(new AppConfig(), values);
  }
}
