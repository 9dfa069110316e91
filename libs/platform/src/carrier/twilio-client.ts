import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import TwilioServiceException from 'twilio/lib/base/TwilioServiceException';
import type Response from 'twilio/lib/http/response';
import {
  CarrierAuthFailedError,
  CarrierRejectedError,
  CarrierUnavailableError,
  DomainError,
  maskPhone,
} from '@app/kernel';
import type { AppConfig } from '../config/app-config';

export type TwilioClient = twilio.Twilio;

/** Overrides for the HTTP behaviour of the Twilio client; production uses the defaults. */
export interface TwilioClientOptions {
  /** Per attempt. A slower answer counts as the carrier being unavailable. */
  timeoutMs?: number;
  /** Retries of a 429 answer inside the SDK (jittered exponential backoff); 0 turns them off. */
  maxRetries?: number;
  /** Upper bound of one backoff delay between 429 retries. */
  maxRetryDelayMs?: number;
}

/** Optional Nest token for `TwilioClientOptions`, so tests can shorten the timeout. */
export const TWILIO_CLIENT_OPTIONS = Symbol('TWILIO_CLIENT_OPTIONS');

export const TWILIO_DEFAULT_TIMEOUT_MS = 10_000;
export const TWILIO_DEFAULT_MAX_RETRIES = 2;
const TWILIO_DEFAULT_MAX_RETRY_DELAY_MS = 1_000;

const TWILIO_HOST = /^https:\/\/[^/]+\.twilio\.com(?=[/?]|$)/i;

/**
 * Sends every SDK call (api., messaging., trusthub. …) to one base URL with its path kept, so a
 * local fake or a recording proxy can stand in for Twilio. A base on twilio.com itself leaves the
 * SDK's own hosts alone, since the products live on different hosts there.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string | null,
    options: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = this.baseUrl ? opts.uri.replace(TWILIO_HOST, this.baseUrl) : opts.uri;
    return super.request({ ...opts, uri });
  }
}

export function createTwilioClient(
  config: AppConfig,
  options: TwilioClientOptions = {},
): TwilioClient {
  const { accountSid, authToken, apiBaseUrl } = config.twilio;
  if (!accountSid || !authToken) {
    throw new CarrierAuthFailedError(
      'Twilio credentials are not configured; set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.',
    );
  }
  const base = apiBaseUrl.replace(/\/+$/, '');
  const maxRetries = options.maxRetries ?? TWILIO_DEFAULT_MAX_RETRIES;
  const httpClient = new BaseUrlRequestClient(isTwilioHost(base) ? null : base, {
    timeout: options.timeoutMs ?? TWILIO_DEFAULT_TIMEOUT_MS,
    // The SDK reads `maxRetries || 3`, so zero retries has to be expressed as autoRetry off.
    autoRetry: maxRetries > 0,
    maxRetries: Math.max(maxRetries, 1),
    maxRetryDelay: options.maxRetryDelayMs ?? TWILIO_DEFAULT_MAX_RETRY_DELAY_MS,
  });
  return twilio(accountSid, authToken, { httpClient });
}

function isTwilioHost(base: string): boolean {
  try {
    const host = new URL(base).hostname.toLowerCase();
    return host === 'twilio.com' || host.endsWith('.twilio.com');
  } catch {
    return false;
  }
}

const REASONS: Record<string, string> = {
  '20003': 'Twilio rejected our account credentials.',
  '21211': 'The phone number is not valid.',
  '21408': 'Texting this region is not enabled on the Twilio account.',
  '21421': 'The phone number is not valid or cannot be bought.',
  '21422': 'The phone number is no longer available.',
  '21610': 'The recipient replied STOP and has opted out of texts from this number.',
  '21614': 'The number is not a mobile number and cannot receive SMS.',
  '21617': 'The message is longer than 1600 characters.',
  '30003': 'The recipient’s phone is unreachable (switched off or out of coverage).',
  '30004': 'The recipient has blocked texts from this number.',
  '30005': 'The number is unknown or no longer in service.',
  '30006': 'The number is a landline or cannot receive SMS.',
  '30007': 'The recipient’s carrier filtered the message as spam.',
  '30008': 'The message could not be delivered for an unknown reason.',
  '30034':
    'The firm’s texting registration is not approved, so US carriers blocked this text. An owner or admin can finish it under Settings → SMS.',
};

/** A plain-English reason for a Twilio error code, fit to show to staff. */
export function twilioErrorReason(code: string): string {
  return REASONS[code] ?? `Twilio refused the request (error ${code}).`;
}

/** The HTTP status and Twilio code of a carrier answer, or null when the error is not one. */
export function twilioFailure(
  err: unknown,
): { status: number; code: number | null; message: string } | null {
  if (err instanceof twilio.RestException) {
    return { status: err.status, code: err.code ?? null, message: err.message ?? '' };
  }
  if (err instanceof TwilioServiceException) {
    return { status: err.status, code: err.code || null, message: err.detail ?? err.title };
  }
  return null;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/**
 * Translates whatever a Twilio SDK call threw into the kernel's carrier errors. Errors that are
 * neither carrier answers nor network failures come back unchanged, so bugs are not disguised as
 * carrier trouble. Twilio's own messages can quote phone numbers, so they are never passed on raw.
 */
export function classifyTwilioError(err: unknown): Error {
  if (err instanceof DomainError) return err;

  const failure = twilioFailure(err);
  if (failure) {
    const { status, code } = failure;
    const carrierCode = code === null ? null : String(code);
    if (status === 401 || code === 20003) return new CarrierAuthFailedError();
    if (status === 429 || code === 20429) {
      return new CarrierUnavailableError(
        'Twilio is limiting our request rate. Try again in a moment.',
        carrierCode,
      );
    }
    if (status >= 400 && status < 500) {
      const reason = carrierCode
        ? twilioErrorReason(carrierCode)
        : `Twilio refused the request (HTTP ${status}).`;
      const detail =
        carrierCode && REASONS[carrierCode] ? '' : ` ${maskPhone(failure.message).slice(0, 200)}`;
      return new CarrierRejectedError(carrierCode ?? String(status), `${reason}${detail}`.trim());
    }
    return new CarrierUnavailableError(
      `Twilio is having trouble (HTTP ${status}). Try again in a moment.`,
      carrierCode,
    );
  }

  const networkCode = networkErrorCode(err);
  if (networkCode) {
    const timedOut =
      networkCode === 'ECONNABORTED' ||
      networkCode.includes('TIMEDOUT') ||
      networkCode.includes('TIMEOUT');
    return new CarrierUnavailableError(
      timedOut
        ? 'Twilio did not answer in time. Try again in a moment.'
        : 'Twilio could not be reached. Try again in a moment.',
    );
  }

  return err instanceof Error ? err : new Error(maskPhone(String(err)));
}

function networkErrorCode(err: unknown): string | null {
  let current: unknown = err;
  // axios wraps the socket error; its own code is usually enough, the cause is the fallback.
  for (let depth = 0; depth < 3 && current && typeof current === 'object'; depth++) {
    const { code, isAxiosError, cause } = current as {
      code?: unknown;
      isAxiosError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return code;
    // Any other axios failure is still a round trip that got no answer (and it carries our
    // Authorization header in its config, so it must not travel further as it is).
    if (isAxiosError === true) return typeof code === 'string' ? code : 'ERR_NETWORK';
    current = cause;
  }
  return null;
}
