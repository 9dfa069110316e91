import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import twilio from 'twilio';
import type request from 'supertest';
import type { TestApp } from './test-app';

/**
 * How the inbound tests start the app: a sandbox carrier, an auth token that signs and checks
 * webhooks, and no job workers — the inbound path is synchronous, and the jobs it leaves behind
 * (other contexts' notifications) are tested where they are handled.
 */
export const INBOUND_TEST_ENV = {
  CARRIER: 'sandbox',
  TWILIO_AUTH_TOKEN: 'test-twilio-auth-token-0123456789',
};
export const INBOUND_TEST_OPTIONS = { runWorkers: false };

/** The auth token the inbound tests start the app with; it signs and checks webhooks. */
export const TEST_TWILIO_AUTH_TOKEN = INBOUND_TEST_ENV.TWILIO_AUTH_TOKEN;
/** PUBLIC_BASE_URL of test apps + the route: the URL Twilio was given and signs. */
export const INBOUND_WEBHOOK_URL = 'https://sms.assurepro.test/webhooks/twilio/sms';

export function fakeMessageSid(): string {
  return `SM${randomBytes(16).toString('hex')}`;
}

/** The parameters Twilio posts for an inbound SMS (a realistic set, not only the ones we read). */
export function inboundParams(sms: {
  from: string;
  to: string;
  body: string;
  sid?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  const sid = sms.sid ?? fakeMessageSid();
  return {
    ToCountry: 'US',
    ToState: 'OR',
    SmsMessageSid: sid,
    NumMedia: '0',
    ToCity: 'PORTLAND',
    FromZip: '97201',
    SmsSid: sid,
    FromState: 'OR',
    SmsStatus: 'received',
    FromCity: 'PORTLAND',
    Body: sms.body,
    FromCountry: 'US',
    To: sms.to,
    MessagingServiceSid: 'MG00000000000000000000000000000000',
    ToZip: '97201',
    NumSegments: '1',
    MessageSid: sid,
    AccountSid: 'AC00000000000000000000000000000000',
    From: sms.from,
    ApiVersion: '2010-04-01',
    ...sms.extra,
  };
}

/** Posts form-encoded params as Twilio does, signed like Twilio signs them (overridable). */
export function postInbound(
  t: TestApp,
  params: Record<string, string>,
  sign: { authToken?: string; url?: string; signature?: string | null } = {},
): request.Test {
  const signature =
    sign.signature !== undefined
      ? sign.signature
      : twilio.getExpectedTwilioSignature(
          sign.authToken ?? TEST_TWILIO_AUTH_TOKEN,
          sign.url ?? INBOUND_WEBHOOK_URL,
          params,
        );
  const req = t
    .http()
    .post('/webhooks/twilio/sms')
    .set('Content-Type', 'application/x-www-form-urlencoded')
    .set('User-Agent', 'TwilioProxy/1.1');
  if (signature !== null) req.set('X-Twilio-Signature', signature);
  return req.send(new URLSearchParams(params).toString());
}

/** A random valid US number, so tests sharing a database never share a phone by accident. */
export function randomUsPhone(areaCode = '503'): string {
  const exchange = 200 + Math.floor(Math.random() * 800);
  const line = String(Math.floor(Math.random() * 10000)).padStart(4, '0');
  return `+1${areaCode}${exchange}${line}`;
}

/** Claims a sandbox number for the firm through the numbers API and answers it. */
export async function claimFirmNumber(firm: {
  as(role: 'owner'): { get(p: string): request.Test; post(p: string): request.Test };
}): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const offered = await firm.as('owner').get('/api/sms/available-numbers').expect(200);
    const numbers = (offered.body as { numbers: Array<{ phoneNumber: string }> }).numbers;
    const pick = numbers[Math.floor(Math.random() * numbers.length)];
    const claimed = await firm
      .as('owner')
      .post('/api/sms/number')
      .send({ phoneNumber: pick.phoneNumber });
    if (claimed.status === 201) return (claimed.body as { phoneNumber: string }).phoneNumber;
    if (claimed.status !== 409) {
      throw new Error(`claim failed: ${claimed.status} ${JSON.stringify(claimed.body)}`);
    }
  }
  throw new Error('no sandbox number could be claimed');
}

/** How many messages the database holds for a carrier id: what "stored once" is about. */
export async function storedWithSid(t: TestApp, sid: string): Promise<number> {
  const rows: Array<{ n: number }> = await t.app
    .get(EntityManager)
    .fork()
    .getConnection()
    .execute('select count(*)::int as n from messages where carrier_message_id = ?', [sid]);
  return rows[0].n;
}

/**
 * Records that the firm texted a client at a given time, as a row the outbound path would have
 * written; the inbound tests need "who was texted last" without depending on the sending worker.
 */
export async function recordOutboundText(
  t: TestApp,
  text: { firmId: string; clientId: string; from: string; to: string; at: Date },
): Promise<void> {
  await t.app
    .get(EntityManager)
    .fork()
    .getConnection()
    .execute(
      `insert into messages (id, firm_id, client_id, direction, channel, body, from_number, to_number,
         peer_number, status, status_rank, segments, encoding, carrier_accepted, created_at, status_updated_at)
       values (?, ?, ?, 'outbound', 'sms', 'Your return is ready to sign.', ?, ?, ?, 'delivered', 50, 1,
         'GSM-7', true, ?, ?)`,
      [randomUUID(), text.firmId, text.clientId, text.from, text.to, text.to, text.at, text.at],
    );
}
