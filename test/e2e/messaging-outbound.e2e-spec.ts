import { randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { consentDisclosure } from '@app/compliance';
import { txSql } from '@app/platform';
import { FakeTwilio } from '../support/fake-twilio';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import { claimFirmNumber, randomUsPhone } from '../support/twilio-inbound';
import {
  MessageBody,
  messageIn,
  postStatus,
  statusParams,
  thread,
  waitFor,
} from '../support/outbound-messaging';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'outbound-twilio-auth-token-0123456789';
const SEND = { method: 'POST', path: /\/Messages\.json$/ };
/** The stored rank of `delivered` (messages.status_rank). */
const DELIVERED_RANK = 50;

/** Sending through the real twilio SDK against a fake Twilio, and Twilio's status callbacks. */
describe('outbound SMS with CARRIER=twilio', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  let t: TestApp;
  let firm: TestFirm;
  let firmNumber: string;

  beforeAll(async () => {
    const baseUrl = await fake.start();
    t = await startTestApp({
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: baseUrl,
    });
    firm = await t.provisionFirm('Hill & Dale CPAs');
    firmNumber = await claimFirmNumber(firm);
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  const newClient = (phone: string | undefined = randomUsPhone()) =>
    t.createClient(firm, { name: `Client ${randomUUID().slice(0, 6)}`, phone });
  const send = (clientId: string, body: string, role: 'staff' | 'viewer' = 'staff') =>
    firm.as(role).post(`/api/clients/${clientId}/messages`).send({ channel: 'sms', body });
  const sentTo = (phone: string) => fake.messages().filter((m) => m.to === phone);
  const sendRequestsTo = (phone: string) =>
    fake.requests.filter(
      (r) => r.method === SEND.method && SEND.path.test(r.path) && r.form.To === phone,
    );
  const untilStatus = (clientId: string, id: string, status: string) =>
    waitFor(
      () => messageIn(firm.as('staff'), clientId, id),
      (m) => m?.status === status,
    );
  /**
   * Waits until the worker has settled every text of the firm, so a fault injected next (the fake
   * matches requests by path only) hits the send under test and not an earlier one still in flight.
   */
  const quiet = () =>
    waitFor(
      async () => {
        const rows: Array<{ n: number }> = await t.app
          .get(EntityManager)
          .fork()
          .getConnection()
          .execute(
            `select count(*)::int as n from messages
              where firm_id = ? and direction = 'outbound' and status in ('queued', 'sending')`,
            [firm.id],
          );
        return rows[0].n;
      },
      (n) => n === 0,
    );
  const consent = async (clientId: string) =>
    (await firm.as('staff').get(`/api/clients/${clientId}`).expect(200)).body.sms as {
      optedOut: boolean;
      disclosureSentAt: string | null;
    };

  describe('send → worker → carrier → status callbacks', () => {
    let client: { id: string; phone: string | null };
    let message: MessageBody;
    let sid: string;

    beforeAll(async () => {
      client = await newClient();
    });

    it('answers 202 with the queued message', async () => {
      const res = await send(client.id, 'Your return is ready to sign.').expect(202);
      message = res.body as MessageBody;
      expect(message).toEqual({
        id: expect.any(String),
        clientId: client.id,
        direction: 'outbound',
        channel: 'sms',
        body: `Your return is ready to sign.\n\n${consentDisclosure('Hill & Dale CPAs')}`,
        from: firmNumber,
        to: client.phone,
        status: 'queued',
        segments: expect.any(Number),
        encoding: 'GSM-7',
        sentBy: firm.members.staff.id,
        createdAt: expect.any(String),
        statusUpdatedAt: expect.any(String),
        errorCode: null,
        errorReason: null,
        includesDisclosure: true,
        templateId: null,
        keyword: null,
        possibleOptOut: false,
        receivedWhilePaused: false,
      });
    });

    it("commits its dispatch job with the dispatch queue's retry and expiry policy", async () => {
      const rows: Array<Record<string, unknown>> = await t.app
        .get(EntityManager)
        .fork()
        .getConnection()
        .execute(
          `select retry_limit, retry_delay, retry_backoff, priority, singleton_key,
                  extract(epoch from expire_in)::int as expire_seconds,
                  keep_until > created_on + interval '1 day' as kept
             from pgboss.job where name = 'sms.dispatch' and data->>'messageId' = ?`,
          [message.id],
        );
      expect(rows).toEqual([
        {
          retry_limit: 8,
          retry_delay: 2,
          retry_backoff: true,
          priority: 0,
          singleton_key: null,
          expire_seconds: 60,
          kept: true,
        },
      ]);
    });

    it('is handed to Twilio by the worker and becomes sent', async () => {
      const sent = await untilStatus(client.id, message.id, 'sent');
      expect(sent?.status).toBe('sent');
      const [created] = sentTo(client.phone as string);
      expect(sentTo(client.phone as string)).toHaveLength(1);
      expect(created).toMatchObject({ from: firmNumber, body: message.body });
      expect(created.statusCallback).toBe(
        `https://sms.assurepro.test/webhooks/twilio/status?m=${message.id}`,
      );
      sid = created.sid;
    });

    it('moves to delivered on a signed callback, answering empty TwiML', async () => {
      const res = await postStatus(t, statusParams(sid, 'delivered'), { authToken: AUTH_TOKEN });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/xml/);
      expect(res.text).toContain('<Response/>');
      expect((await messageIn(firm.as('staff'), client.id, message.id))?.status).toBe('delivered');
    });

    it('ignores a late sent and repeated deliveries', async () => {
      await postStatus(t, statusParams(sid, 'sent'), { authToken: AUTH_TOKEN }).expect(200);
      await postStatus(t, statusParams(sid, 'delivered'), { authToken: AUTH_TOKEN }).expect(200);
      await postStatus(t, statusParams(sid, 'sending'), { authToken: AUTH_TOKEN }).expect(200);
      const now = await messageIn(firm.as('staff'), client.id, message.id);
      expect(now).toMatchObject({ status: 'delivered', errorCode: null });
    });

    it('refuses a forged or missing signature with 403 and changes nothing', async () => {
      const other = await newClient();
      const queued = (await send(other.id, 'Second client').expect(202)).body as MessageBody;
      await untilStatus(other.id, queued.id, 'sent');
      const otherSid = sentTo(other.phone as string)[0].sid;
      const forged = await postStatus(t, statusParams(otherSid, 'undelivered'), {
        authToken: 'not-the-auth-token-at-all',
      });
      expect(forged.status).toBe(403);
      expect(forged.body.code).toBe('invalid_signature');
      await postStatus(t, statusParams(otherSid, 'failed'), {
        authToken: AUTH_TOKEN,
        signature: null,
      }).expect(403);
      expect((await messageIn(firm.as('staff'), other.id, queued.id))?.status).toBe('sent');
    });

    it('answers 200 for an unknown MessageSid', async () => {
      const res = await postStatus(
        t,
        statusParams(`SM${randomBytes(16).toString('hex')}`, 'sent'),
        {
          authToken: AUTH_TOKEN,
        },
      );
      expect(res.status).toBe(200);
      expect(res.text).toContain('<Response/>');
    });
  });

  it('applies callbacks in any order: delivered before sent ends delivered', async () => {
    const client = await newClient();
    const queued = (await send(client.id, 'Out of order').expect(202)).body as MessageBody;
    await untilStatus(client.id, queued.id, 'sent');
    const sid = sentTo(client.phone as string)[0].sid;
    for (const status of ['delivered', 'sent', 'sending', 'delivered']) {
      await postStatus(t, statusParams(sid, status), { authToken: AUTH_TOKEN }).expect(200);
    }
    expect((await messageIn(firm.as('staff'), client.id, queued.id))?.status).toBe('delivered');
  });

  it('finds a message by the id on the callback URL when the report beats the worker', async () => {
    const client = await newClient();
    await quiet();
    fake.fail(SEND, { delayMs: 1500 });
    const queued = (await send(client.id, 'Early report').expect(202)).body as MessageBody;
    // The worker has handed it over and Twilio is slow to answer: the report overtakes it.
    await untilStatus(client.id, queued.id, 'sending');
    const early = `SM${randomBytes(16).toString('hex')}`;
    await postStatus(t, statusParams(early, 'delivered'), {
      authToken: AUTH_TOKEN,
      query: `m=${queued.id}`,
    }).expect(200);
    expect((await messageIn(firm.as('staff'), client.id, queued.id))?.status).toBe('delivered');
    await waitFor(
      () => sentTo(client.phone as string),
      (sent) => sent.length === 1,
    );
    const after = await waitFor(
      () => messageIn(firm.as('staff'), client.id, queued.id),
      (m) => m?.status === 'delivered',
    );
    expect(after?.status).toBe('delivered');
  });

  it('keeps a report that is being written while the worker records the acceptance', async () => {
    const client = await newClient();
    await quiet();
    fake.fail(SEND, { delayMs: 1000 });
    const queued = (await send(client.id, 'Report mid-write').expect(202)).body as MessageBody;
    await untilStatus(client.id, queued.id, 'sending');
    const em = t.app.get(EntityManager);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // A delivery report holds the message's row, not yet committed, while Twilio's late answer
    // reaches the worker: the worker's write waits for it and must not turn it back to sent.
    const report = em.fork().transactional(async (tx) => {
      await txSql(tx).query(
        `update messages set status = 'delivered', status_rank = $2 where id = $1`,
        [queued.id, DELIVERED_RANK],
      );
      holding();
      await released;
    });
    await held;
    await waitFor(
      async () => sentTo(client.phone as string),
      (sent) => sent.length === 1,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    release();
    await report;
    const sid = sentTo(client.phone as string)[0].sid;
    const stored = await waitFor(
      async () =>
        (
          await em
            .fork()
            .getConnection()
            .execute<Array<{ status: string; carrier_message_id: string | null }>>(
              'select status, carrier_message_id from messages where id = ?',
              [queued.id],
            )
        )[0],
      (row) => row.carrier_message_id === sid,
    );
    expect(stored.status).toBe('delivered');
    expect((await messageIn(firm.as('staff'), client.id, queued.id))?.status).toBe('delivered');
  });

  it('sends a burst once per text, each recorded with its own carrier id', async () => {
    const clients = await Promise.all(Array.from({ length: 30 }, () => newClient()));
    await quiet();
    // Twilio answers each send 300 ms late, so the worker's claims and acceptances bunch up and
    // share statements.
    fake.fail(SEND, { delayMs: 300 }, clients.length);
    const queued = await Promise.all(
      clients.map(async (c, i) => (await send(c.id, `Burst ${i}`).expect(202)).body as MessageBody),
    );
    await quiet();
    const rows = await t.app
      .get(EntityManager)
      .fork()
      .transactional((tx) =>
        txSql(tx).query<{
          id: string;
          status: string;
          carrier_message_id: string;
          attempts: number;
          tx: string;
        }>(
          `select id, status, carrier_message_id, attempts, xmin::text as tx from messages
            where id = any($1::uuid[])`,
          [queued.map((m) => m.id)],
        ),
      );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const [i, c] of clients.entries()) {
      const sent = sentTo(c.phone as string);
      expect(sent).toHaveLength(1);
      expect(sent[0].body.startsWith(`Burst ${i}\n`)).toBe(true);
      expect(byId.get(queued[i].id)).toMatchObject({
        status: 'sent',
        carrier_message_id: sent[0].sid,
        attempts: 1,
      });
    }
    // Rows written by one statement share its transaction id: acceptances were written together,
    // in fewer statements than texts. How many fewer depends on how the worker's batches meet the
    // answers (about 8-20 here; 30 when each acceptance was its own statement).
    expect(new Set(rows.map((r) => r.tx)).size).toBeLessThan(clients.length);
  }, 45_000);

  it('stores an undelivered report with its code and a plain-English reason', async () => {
    const client = await newClient();
    const queued = (await send(client.id, 'To a landline').expect(202)).body as MessageBody;
    await untilStatus(client.id, queued.id, 'sent');
    const sid = sentTo(client.phone as string)[0].sid;
    await postStatus(t, statusParams(sid, 'undelivered', { ErrorCode: '30006' }), {
      authToken: AUTH_TOKEN,
    }).expect(200);
    expect(await messageIn(firm.as('staff'), client.id, queued.id)).toMatchObject({
      status: 'undelivered',
      errorCode: '30006',
      errorReason: expect.stringMatching(/landline/i),
    });
  });

  it('takes back the sender’s “not delivered” alert when the carrier corrects it to delivered', async () => {
    const failureAlerts = async (messageId: string) =>
      (
        (await firm.as('staff').get('/api/notifications').query({ limit: 100 }).expect(200)).body
          .items as Array<{ id: string; type: string; messageId: string }>
      ).filter((n) => n.type === 'sms.delivery_failed' && n.messageId === messageId);
    const report = (sid: string, status: string, extra: Record<string, string> = {}) =>
      postStatus(t, statusParams(sid, status, extra), { authToken: AUTH_TOKEN }).expect(200);

    const client = await newClient();
    const first = (await send(client.id, 'First try').expect(202)).body as MessageBody;
    await untilStatus(client.id, first.id, 'sent');
    const firstSid = sentTo(client.phone as string)[0].sid;
    await report(firstSid, 'undelivered', { ErrorCode: '30008' });
    expect(await failureAlerts(first.id)).toEqual([
      expect.objectContaining({ type: 'sms.delivery_failed', messageId: first.id }),
    ]);
    await report(firstSid, 'delivered');
    expect(await messageIn(firm.as('staff'), client.id, first.id)).toMatchObject({
      status: 'delivered',
      errorCode: null,
    });
    expect(await failureAlerts(first.id)).toEqual([]);

    // Read or not, the alert goes.
    const second = (await send(client.id, 'Second try').expect(202)).body as MessageBody;
    await untilStatus(client.id, second.id, 'sent');
    const secondSid = sentTo(client.phone as string)[1].sid;
    await report(secondSid, 'undelivered', { ErrorCode: '30003' });
    const [alert] = await failureAlerts(second.id);
    await firm.as('staff').post(`/api/notifications/${alert.id}/read`).expect(204);
    await report(secondSid, 'read');
    expect(await failureAlerts(second.id)).toEqual([]);

    // A failure reported after the delivery ranks below it: no alert, and the status stays.
    await report(firstSid, 'failed', { ErrorCode: '30007' });
    expect(await failureAlerts(first.id)).toEqual([]);
    expect((await messageIn(firm.as('staff'), client.id, first.id))?.status).toBe('delivered');

    // The audit keeps both reports of each.
    const audit = (
      await firm
        .as('admin')
        .get('/api/activity')
        .query({ type: 'sms.message.delivery_failed', clientId: client.id })
        .expect(200)
    ).body.items as Array<{ messageId: string; data: { errorCode: string } }>;
    expect(audit.map((a) => [a.messageId, a.data.errorCode])).toEqual([
      [second.id, '30003'],
      [first.id, '30008'],
    ]);
  });

  describe('the one-time consent disclosure', () => {
    it('rides on the first text only and is counted in its segments', async () => {
      const client = await newClient();
      // 66 characters fit one segment alone; with the disclosure appended they need two.
      const text = 'Your 2025 return is ready to sign in the portal whenever you like.';
      const preview = await firm
        .as('staff')
        .post('/api/sms/preview')
        .send({ body: text, clientId: client.id })
        .expect(200);
      expect(preview.body).toEqual({
        encoding: 'GSM-7',
        characters: `${text}\n\n${consentDisclosure('Hill & Dale CPAs')}`.length,
        segments: 2,
        willIncludeDisclosure: true,
      });

      const first = (await send(client.id, text).expect(202)).body as MessageBody;
      expect(first.includesDisclosure).toBe(true);
      expect(first.segments).toBe(preview.body.segments);
      expect((await consent(client.id)).disclosureSentAt).not.toBeNull();

      const second = (await send(client.id, 'Hello').expect(202)).body as MessageBody;
      expect(second).toMatchObject({ includesDisclosure: false, body: 'Hello', segments: 1 });
      const after = await firm
        .as('staff')
        .post('/api/sms/preview')
        .send({ body: 'Hello', clientId: client.id })
        .expect(200);
      expect(after.body).toEqual({
        encoding: 'GSM-7',
        characters: 5,
        segments: 1,
        willIncludeDisclosure: false,
      });
    });

    it('is sent exactly once when two first texts race', async () => {
      const client = await newClient();
      const results = await Promise.all([
        send(client.id, 'First of two'),
        send(client.id, 'Second of two'),
      ]);
      expect(results.map((r) => r.status)).toEqual([202, 202]);
      const withDisclosure = results.filter((r) => r.body.includesDisclosure === true);
      expect(withDisclosure).toHaveLength(1);
      const messages = await thread(firm.as('staff'), client.id);
      expect(messages.filter((m) => m.body.includes('Reply STOP'))).toHaveLength(1);
    });

    it('refuses a body that fits alone but not with the disclosure', async () => {
      const client = await newClient();
      const res = await send(client.id, 'x'.repeat(1600)).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors).toEqual([{ field: 'body', message: expect.any(String) }]);
      expect(await thread(firm.as('staff'), client.id)).toEqual([]);
      await send(client.id, 'x'.repeat(1400)).expect(202);
      await send(client.id, 'x'.repeat(1600)).expect(202);
    });

    it('is owed again when the text that carried it never reached the client', async () => {
      const client = await newClient();
      const phone = client.phone as string;
      // The carrier refuses the very first text (an unregistered sender).
      fake.fail({ ...SEND, to: phone }, { status: 400, code: 30034 });
      const first = (await send(client.id, 'Welcome aboard').expect(202)).body as MessageBody;
      expect(first.includesDisclosure).toBe(true);
      expect(await untilStatus(client.id, first.id, 'failed')).toMatchObject({
        errorCode: '30034',
      });
      expect(sentTo(phone)).toHaveLength(0);
      expect((await consent(client.id)).disclosureSentAt).toBeNull();

      const preview = await firm
        .as('staff')
        .post('/api/sms/preview')
        .send({ body: 'Welcome aboard', clientId: client.id })
        .expect(200);
      expect(preview.body.willIncludeDisclosure).toBe(true);
      const second = (await send(client.id, 'Welcome aboard').expect(202)).body as MessageBody;
      expect(second.includesDisclosure).toBe(true);
      await untilStatus(client.id, second.id, 'sent');
      expect(sentTo(phone).map((m) => m.body)).toEqual([
        `Welcome aboard\n\n${consentDisclosure('Hill & Dale CPAs')}`,
      ]);
      // Owed no more while that text stands; a report that it went undelivered owes it again.
      const third = (await send(client.id, 'And again').expect(202)).body as MessageBody;
      expect(third.includesDisclosure).toBe(false);
      await postStatus(
        t,
        statusParams(sentTo(phone)[0].sid, 'undelivered', { ErrorCode: '30003' }),
        {
          authToken: AUTH_TOKEN,
        },
      ).expect(200);
      await untilStatus(client.id, second.id, 'undelivered');
      const sentThird = await untilStatus(client.id, third.id, 'sent');
      expect(sentThird?.status).toBe('sent');
      expect((await consent(client.id)).disclosureSentAt).toBeNull();
    }, 45_000);
  });

  describe('carrier failures', () => {
    it('retries a carrier 500 and sends the text once', async () => {
      const client = await newClient();
      await quiet();
      fake.fail(SEND, { status: 500 }, 2);
      const queued = (await send(client.id, 'Through the storm').expect(202)).body as MessageBody;
      const sent = await untilStatus(client.id, queued.id, 'sent');
      expect(sent?.status).toBe('sent');
      expect(sentTo(client.phone as string)).toHaveLength(1);
      expect(sendRequestsTo(client.phone as string)).toHaveLength(3);
      expect(await thread(firm.as('staff'), client.id)).toHaveLength(1);
    }, 45_000);

    it('fails on 21610, opts the client out and blocks further sends', async () => {
      const client = await newClient();
      await quiet();
      fake.fail(SEND, { status: 400, code: 21610 });
      const queued = (await send(client.id, 'Are you there?').expect(202)).body as MessageBody;
      const failed = await untilStatus(client.id, queued.id, 'failed');
      expect(failed).toMatchObject({
        status: 'failed',
        errorCode: '21610',
        errorReason: expect.stringMatching(/STOP/),
      });
      expect(sentTo(client.phone as string)).toHaveLength(0);
      expect((await consent(client.id)).optedOut).toBe(true);
      const availability = await firm
        .as('staff')
        .get(`/api/clients/${client.id}/sms-availability`)
        .expect(200);
      expect(availability.body).toEqual({
        available: false,
        reason: 'client_opted_out',
        warning: null,
      });
      const blocked = await send(client.id, 'Again?').expect(409);
      expect(blocked.body.code).toBe('client_opted_out');
    });

    it('opts the client out when a status callback reports 21610', async () => {
      const client = await newClient();
      const queued = (await send(client.id, 'Checking in').expect(202)).body as MessageBody;
      await untilStatus(client.id, queued.id, 'sent');
      const [{ sid }] = sentTo(client.phone as string);
      await postStatus(t, statusParams(sid, 'failed', { ErrorCode: '21610' }), {
        authToken: AUTH_TOKEN,
      }).expect(200);
      expect(await messageIn(firm.as('staff'), client.id, queued.id)).toMatchObject({
        status: 'failed',
        errorCode: '21610',
      });
      expect((await consent(client.id)).optedOut).toBe(true);
      const blocked = await send(client.id, 'Are you there?').expect(409);
      expect(blocked.body.code).toBe('client_opted_out');
    });

    it('does not send a text waiting for its retry once the client has opted out', async () => {
      const client = await newClient();
      const phone = client.phone as string;
      fake.fail({ ...SEND, to: phone }, { status: 500 });
      const queued = (await send(client.id, 'Your documents are ready').expect(202))
        .body as MessageBody;
      // The first attempt met a carrier 500; the text now waits seconds for its retry.
      await waitFor(
        async () => sendRequestsTo(phone).length,
        (n) => n >= 1,
      );
      await firm
        .as('staff')
        .post(`/api/clients/${client.id}/sms-opt-out`)
        .send({ reason: 'Asked on the phone not to be texted' })
        .expect(200);
      const failed = await untilStatus(client.id, queued.id, 'failed');
      expect(failed).toMatchObject({ status: 'failed', errorCode: 'client_opted_out' });
      expect(sentTo(phone)).toHaveLength(0);
      expect(sendRequestsTo(phone)).toHaveLength(1);
    }, 45_000);
  });

  describe('Idempotency-Key', () => {
    const sendWithKey = (clientId: string, key: string, body: string) =>
      firm
        .as('staff')
        .post(`/api/clients/${clientId}/messages`)
        .set('Idempotency-Key', key)
        .send({ channel: 'sms', body });

    it('answers the first message again for the same key and body', async () => {
      const client = await newClient();
      const key = randomUUID();
      const first = await sendWithKey(client.id, key, 'Once only').expect(202);
      const again = await sendWithKey(client.id, key, 'Once only').expect(202);
      expect(again.body.id).toBe(first.body.id);
      expect(await thread(firm.as('staff'), client.id)).toHaveLength(1);
      const reused = await sendWithKey(client.id, key, 'Something else').expect(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      await waitFor(
        () => sentTo(client.phone as string),
        (sent) => sent.length === 1,
      );
      expect(sentTo(client.phone as string)).toHaveLength(1);
    });

    it('gives concurrent duplicates one message', async () => {
      const client = await newClient();
      const key = randomUUID();
      const results = await Promise.all(
        [1, 2, 3].map(() => sendWithKey(client.id, key, 'Concurrent')),
      );
      expect(results.map((r) => r.status)).toEqual([202, 202, 202]);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(await thread(firm.as('staff'), client.id)).toHaveLength(1);
    });
  });

  describe('refusals', () => {
    it('409 no_firm_number when the firm has no number', async () => {
      const bare = await t.provisionFirm();
      const client = await t.createClient(bare, { name: 'Nora', phone: randomUsPhone() });
      const res = await bare
        .as('staff')
        .post(`/api/clients/${client.id}/messages`)
        .send({ channel: 'sms', body: 'Hi' })
        .expect(409);
      expect(res.body.code).toBe('no_firm_number');
      const availability = await bare
        .as('staff')
        .get(`/api/clients/${client.id}/sms-availability`)
        .expect(200);
      expect(availability.body).toEqual({
        available: false,
        reason: 'no_firm_number',
        warning: null,
      });
    });

    it('422 client_has_no_phone', async () => {
      const client = await t.createClient(firm, { name: 'No Phone' });
      const res = await send(client.id, 'Hi').expect(422);
      expect(res.body.code).toBe('client_has_no_phone');
      const availability = await firm
        .as('staff')
        .get(`/api/clients/${client.id}/sms-availability`)
        .expect(200);
      expect(availability.body).toEqual({
        available: false,
        reason: 'client_has_no_phone',
        warning: null,
      });
    });

    it('400 for an empty, blank or 1601-character body, or another channel', async () => {
      const client = await newClient();
      for (const body of ['', '   \n ', 'x'.repeat(1601)]) {
        const res = await send(client.id, body).expect(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.errors).toEqual([{ field: 'body', message: expect.any(String) }]);
      }
      const mms = await firm
        .as('staff')
        .post(`/api/clients/${client.id}/messages`)
        .send({ channel: 'mms', body: 'Hi' })
        .expect(400);
      expect(mms.body.errors).toEqual([{ field: 'channel', message: expect.any(String) }]);
      // A body of another type is told so, and no length it could not have.
      const number = await firm
        .as('staff')
        .post(`/api/clients/${client.id}/messages`)
        .send({ channel: 'sms', body: 42 })
        .expect(400);
      expect(number.body.errors).toEqual([{ field: 'body', message: 'body must be a string' }]);
      expect(await thread(firm.as('staff'), client.id)).toEqual([]);
    });

    it('counts an emoji as two against the 1600 limit, as the carrier does', async () => {
      const client = await newClient();
      const phone = client.phone as string;
      await send(client.id, 'Hello').expect(202);
      // 900 emoji are 900 characters on screen but 1800 to the carrier, which refuses them.
      const tooLong = await send(client.id, '😀'.repeat(900)).expect(400);
      expect(tooLong.body.errors).toEqual([
        { field: 'body', message: expect.stringMatching(/emoji counts as two/) },
      ]);
      const fits = (await send(client.id, '😀'.repeat(800)).expect(202)).body as MessageBody;
      expect(await untilStatus(client.id, fits.id, 'sent')).toMatchObject({ errorCode: null });
      expect(sentTo(phone).map((m) => m.body.length)).toContain(1600);
    });

    it('403 for a viewer, who sees compose as forbidden', async () => {
      const client = await newClient();
      const res = await send(client.id, 'Hi', 'viewer').expect(403);
      expect(res.body.code).toBe('forbidden');
      const availability = await firm
        .as('viewer')
        .get(`/api/clients/${client.id}/sms-availability`)
        .expect(200);
      expect(availability.body).toEqual({ available: false, reason: 'forbidden', warning: null });
      const staff = await firm
        .as('staff')
        .get(`/api/clients/${client.id}/sms-availability`)
        .expect(200);
      // Twilio, no approved A2P registration: sendable, with the warning compose shows.
      expect(staff.body).toEqual({
        available: true,
        reason: null,
        warning: 'registration_not_approved',
      });
    });

    it("404 for another firm's client and for ids that are not ids", async () => {
      const other = await t.provisionFirm();
      const theirs = await t.createClient(other, { name: 'Theirs', phone: randomUsPhone() });
      for (const id of [theirs.id, randomUUID(), 'not-a-uuid']) {
        expect((await send(id, 'Hi')).status).toBe(404);
        expect((await firm.as('staff').get(`/api/clients/${id}/sms-availability`)).status).toBe(
          404,
        );
        expect((await firm.as('staff').get(`/api/clients/${id}/messages`)).status).toBe(404);
      }
      const preview = await firm
        .as('staff')
        .post('/api/sms/preview')
        .send({ body: 'Hi', clientId: theirs.id });
      expect(preview.status).toBe(404);
    });
  });
});
