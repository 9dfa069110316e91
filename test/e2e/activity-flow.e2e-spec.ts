import { randomBytes } from 'node:crypto';
import { Clock } from '@app/kernel';
import { FakeTwilio } from '../support/fake-twilio';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import {
  claimFirmNumber,
  inboundParams,
  postInbound,
  randomUsPhone,
} from '../support/twilio-inbound';
import {
  MessageBody,
  messageIn,
  postStatus,
  statusParams,
  waitFor,
} from '../support/outbound-messaging';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'activity-flow-auth-token-0123456789';

/**
 * Real time, but never the same instant twice: a STOP's inbound message and the opt-out it
 * causes are recorded in one transaction, and this keeps their order in the log deterministic.
 */
class DistinctInstantsClock extends Clock {
  private last = 0;
  now(): Date {
    this.last = Math.max(Date.now(), this.last + 1);
    return new Date(this.last);
  }
}

interface Entry {
  id: string;
  type: string;
  occurredAt: string;
  actorId: string | null;
  clientId: string | null;
  messageId: string | null;
  data: Record<string, unknown>;
}

/** The whole path through the real routes: every SMS fact lands in the firm's log, once. */
describe('activity log over a full SMS flow', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  let t: TestApp;
  let firm: TestFirm;

  beforeAll(async () => {
    const baseUrl = await fake.start();
    t = await startTestApp(
      {
        CARRIER: 'twilio',
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_API_BASE_URL: baseUrl,
      },
      { clock: new DistinctInstantsClock() },
    );
    firm = await t.provisionFirm('Hill & Dale CPAs');
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  it('records claim, send, delivery failure, inbound, STOP and START, newest first', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Ana Client', phone });
    const firmNumber = await claimFirmNumber(firm);

    const sent = await firm
      .as('staff')
      .post(`/api/clients/${client.id}/messages`)
      .send({ channel: 'sms', body: 'Your return is ready to sign.' })
      .expect(202);
    const outbound = sent.body as MessageBody;
    const accepted = await waitFor(
      () => messageIn(firm.as('staff'), client.id, outbound.id),
      (m) => m?.status === 'sent',
    );
    expect(accepted?.status).toBe('sent');
    const sid = fake.messages().find((m) => m.to === phone)?.sid as string;
    await postStatus(t, statusParams(sid, 'undelivered', { ErrorCode: '30003' }), {
      authToken: AUTH_TOKEN,
    }).expect(200);

    const text = (body: string) =>
      postInbound(t, inboundParams({ from: phone, to: firmNumber, body }), {
        authToken: AUTH_TOKEN,
      }).expect(200);
    await text('Thanks, will sign tonight');
    await text('STOP');
    await text('START');
    const inbound = (
      await firm.as('owner').get(`/api/clients/${client.id}/messages`).expect(200)
    ).body.items.filter((m: MessageBody) => m.direction === 'inbound') as MessageBody[];
    const [startId, stopId, thanksId] = inbound.map((m) => m.id);

    const res = await firm.as('admin').get('/api/activity').expect(200);
    const items = res.body.items as Entry[];
    const inboundData = { from: phone, to: firmNumber, segments: 1, possibleOptOut: false };
    expect(items).toEqual([
      expect.objectContaining({
        type: 'sms.client.opted_in',
        actorId: null,
        clientId: client.id,
        messageId: startId,
        data: { keyword: 'START' },
      }),
      expect.objectContaining({
        type: 'sms.message.inbound',
        actorId: null,
        clientId: client.id,
        messageId: startId,
        data: { ...inboundData, keyword: 'START', matched: true, receivedWhilePaused: false },
      }),
      expect.objectContaining({
        type: 'sms.client.opted_out',
        actorId: null,
        clientId: client.id,
        messageId: stopId,
        data: { via: 'keyword', keyword: 'STOP', reason: null },
      }),
      expect.objectContaining({
        type: 'sms.message.inbound',
        clientId: client.id,
        messageId: stopId,
        data: { ...inboundData, keyword: 'STOP', matched: true, receivedWhilePaused: false },
      }),
      expect.objectContaining({
        type: 'sms.message.inbound',
        clientId: client.id,
        messageId: thanksId,
        data: { ...inboundData, keyword: null, matched: true, receivedWhilePaused: false },
      }),
      expect.objectContaining({
        type: 'sms.message.delivery_failed',
        actorId: null,
        clientId: client.id,
        messageId: outbound.id,
        data: { errorCode: '30003', reason: expect.any(String), status: 'undelivered' },
      }),
      expect.objectContaining({
        type: 'sms.message.outbound',
        actorId: firm.members.staff.id,
        clientId: client.id,
        messageId: outbound.id,
        data: {
          to: phone,
          from: firmNumber,
          segments: outbound.segments,
          encoding: 'GSM-7',
          includesDisclosure: true,
          templateId: null,
        },
      }),
      expect.objectContaining({
        type: 'sms.number.claimed',
        actorId: firm.members.owner.id,
        clientId: null,
        messageId: null,
        data: { phoneNumber: firmNumber },
      }),
    ]);
    const times = items.map((e) => e.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(items)).not.toMatch(/ready to sign|Thanks, will sign|Ana Client/);
  });
});
