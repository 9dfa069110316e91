import twilio from 'twilio';
import { inboundParams } from '../../support/twilio-inbound';
import { statusParams } from '../../support/outbound-messaging';
import { call, HttpAnswer } from './api-client';

export { inboundParams, statusParams };

/** PUBLIC_BASE_URL of every app the fault tests start: what Twilio was given and signs. */
export const PUBLIC_BASE_URL = 'https://sms.assurepro.test';
export const INBOUND_PATH = '/webhooks/twilio/sms';

export interface TimedAnswer extends HttpAnswer {
  ms: number;
}

/** A network failure (refused, reset) as Twilio would see it: no HTTP status at all. */
export const NO_ANSWER = 0;

async function signedPost(
  base: string,
  path: string,
  params: Record<string, string>,
  authToken: string,
): Promise<TimedAnswer> {
  const started = Date.now();
  const signature = twilio.getExpectedTwilioSignature(
    authToken,
    `${PUBLIC_BASE_URL}${path}`,
    params,
  );
  try {
    const answer = await call(base, 'POST', path, {
      form: new URLSearchParams(params).toString(),
      headers: { 'x-twilio-signature': signature, 'user-agent': 'TwilioProxy/1.1' },
      // Twilio gives up on a webhook after 15 s and retries it.
      timeoutMs: 15_000,
    });
    return { ...answer, ms: Date.now() - started };
  } catch {
    return { status: NO_ANSWER, text: '', body: {}, contentType: '', ms: Date.now() - started };
  }
}

/** One delivery of an inbound SMS webhook, signed over the public URL as Twilio signs it. */
export function deliverInbound(
  base: string,
  params: Record<string, string>,
  authToken: string,
): Promise<TimedAnswer> {
  return signedPost(base, INBOUND_PATH, params, authToken);
}

/**
 * One status callback to the URL the message was sent with (it carries `?m=<our id>`), signed
 * over that public URL, delivered to `base`.
 */
export function deliverStatus(
  base: string,
  callbackUrl: string,
  params: Record<string, string>,
  authToken: string,
): Promise<TimedAnswer> {
  if (!callbackUrl.startsWith(PUBLIC_BASE_URL)) {
    throw new Error(`unexpected status callback URL ${callbackUrl}`);
  }
  return signedPost(base, callbackUrl.slice(PUBLIC_BASE_URL.length), params, authToken);
}

/** Our message id, from the `m` query parameter of the status callback URL. */
export function messageIdOf(callbackUrl: string | null): string {
  const id = callbackUrl ? new URL(callbackUrl).searchParams.get('m') : null;
  if (!id) throw new Error(`no message id on status callback URL ${callbackUrl}`);
  return id;
}

/** Twilio's answer to a webhook counts as taken only when it is a 200 with TwiML. */
export function isTwiml200(answer: HttpAnswer): boolean {
  return (
    answer.status === 200 &&
    answer.contentType.startsWith('text/xml') &&
    answer.text.includes('<Response')
  );
}
