import twilio from 'twilio';
import type request from 'supertest';
import type { AuthorisedAgent, TestApp } from './test-app';

/** PUBLIC_BASE_URL of test apps + the route: the URL Twilio was given and signs. */
export const STATUS_WEBHOOK_URL = 'https://sms.assurepro.test/webhooks/twilio/status';

export interface MessageBody {
  id: string;
  clientId: string | null;
  direction: 'outbound' | 'inbound';
  channel: 'sms';
  body: string;
  from: string;
  to: string;
  status: string;
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  sentBy: string | null;
  createdAt: string;
  statusUpdatedAt: string;
  errorCode: string | null;
  errorReason: string | null;
  includesDisclosure: boolean;
}

/** Posts a delivery status callback as Twilio does: form-encoded and signed over URL + params. */
export function postStatus(
  t: TestApp,
  params: Record<string, string>,
  sign: { authToken: string; query?: string; signature?: string | null },
): request.Test {
  const query = sign.query ? `?${sign.query}` : '';
  const signature =
    sign.signature !== undefined
      ? sign.signature
      : twilio.getExpectedTwilioSignature(sign.authToken, `${STATUS_WEBHOOK_URL}${query}`, params);
  const req = t
    .http()
    .post(`/webhooks/twilio/status${query}`)
    .set('Content-Type', 'application/x-www-form-urlencoded');
  if (signature !== null) req.set('X-Twilio-Signature', signature);
  return req.send(new URLSearchParams(params).toString());
}

/** Twilio's status callback parameters for one message. */
export function statusParams(
  sid: string,
  status: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    MessageSid: sid,
    SmsSid: sid,
    MessageStatus: status,
    SmsStatus: status,
    AccountSid: 'AC00000000000000000000000000000000',
    ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** Polls until `done` holds (or ~20 s pass) and answers the last value read. */
export async function waitFor<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The client's thread as the API shows it, newest first. */
export async function thread(agent: AuthorisedAgent, clientId: string): Promise<MessageBody[]> {
  const res = await agent.get(`/api/clients/${clientId}/messages?limit=200`).expect(200);
  return (res.body as { items: MessageBody[] }).items;
}

/** One message of a client's thread, as it stands now. */
export async function messageIn(
  agent: AuthorisedAgent,
  clientId: string,
  id: string,
): Promise<MessageBody | undefined> {
  return (await thread(agent, clientId)).find((m) => m.id === id);
}
