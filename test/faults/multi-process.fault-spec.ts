import { randomBytes } from 'node:crypto';
import { FakeTwilio } from '../support/fake-twilio';
import { SmtpInbox } from '../support/smtp-inbox';
import { fakeMessageSid } from '../support/twilio-inbound';
import {
  clientPhones,
  createClient,
  Firm,
  provisionFirm,
  ROLES,
  sendSms,
} from './support/api-client';
import {
  AppProcess,
  NEEDS_SERVER,
  outputsOf,
  processEnv,
  requireRealPostgres,
  startApi,
  startWorker,
  stopAll,
} from './support/app-processes';
import { deliverInbound, inboundParams, isTwiml200, messageIdOf } from './support/carrier-webhooks';
import { DbProbe } from './support/db-probe';
import { mapLimit, tally, until } from './support/timing';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'fault-multi-auth-token-0123456789';
const CLIENTS = 100;
const PER_CLIENT = 10;
const TOTAL = CLIENTS * PER_CLIENT;
/**
 * Email alerts leave at most a few per second per worker (a batch of 5 per queue poll), so only
 * the owner takes them here; in-app notifications go to every member.
 */
const EMAIL_ROLES = ['owner'] as const;

/**
 * Injected: the production shape under load, several processes racing for the same rows and
 * jobs. Two API processes (no workers) and two worker processes share one PostgreSQL; 1,000
 * sends and 1,000 inbound texts (100 clients, 10 each way) are spread over both APIs at once,
 * and a tenth of the inbound texts are delivered to both APIs at the same moment.
 * Asserted: each send handed to the carrier exactly once and recorded sent; the consent
 * disclosure on exactly one text per client; each inbound text stored once and matched; one
 * in-app notification per text per member, one email per text to the member who wants email;
 * one activity entry per message each way.
 */
describe('fault: two API and two worker processes, 1,000 sends and 1,000 inbound', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  const processes: Array<AppProcess | null> = [];
  let inbox: SmtpInbox;
  let apis: AppProcess[];
  let db: DbProbe;
  let firm: Firm;
  const clients: Array<{ id: string; name: string; phone: string }> = [];

  beforeAll(async () => {
    const databaseUrl = requireRealPostgres(NEEDS_SERVER.processes);
    inbox = await SmtpInbox.start();
    const carrierUrl = await fake.start();
    fake.latencyMs = 20;
    const env = processEnv(databaseUrl, {
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: carrierUrl,
      SMTP_URL: inbox.url,
    });
    db = await DbProbe.connect(databaseUrl);
    apis = await Promise.all([startApi('api-1', env), startApi('api-2', env)]);
    processes.push(...apis);
    processes.push(
      ...(await Promise.all([startWorker('worker-1', env), startWorker('worker-2', env)])),
    );
    firm = await provisionFirm(apis[0].base, {
      email: { admin: false, staff: false, viewer: false },
    });
    const phones = clientPhones(CLIENTS);
    await mapLimit(phones, 8, async (phone, i) => {
      const name = `Busy Client ${i} ${firm.id.slice(0, 6)}`;
      clients[i] = { id: await createClient(apis[i % 2].base, firm, { name, phone }), name, phone };
    });
  }, 180_000);

  afterAll(async () => {
    await stopAll(processes);
    await db?.close();
    await fake.stop();
    await inbox?.stop();
  });

  /** What the carrier accepted from this test's firm. */
  const firmMessages = () => fake.messages().filter((m) => m.from === firm.number);

  it('sends each once, stores each once, notifies each once', async () => {
    const started = Date.now();
    const outbound = mapLimit(
      Array.from({ length: TOTAL }, (_, i) => i),
      12,
      (i) =>
        sendSms(
          apis[i % 2].base,
          firm,
          clients[i % CLIENTS].id,
          `Reminder ${i}: your quarterly estimate is due.`,
        ),
    );
    const texts = Array.from({ length: TOTAL }, (_, i) => ({
      client: clients[i % CLIENTS],
      params: inboundParams({
        from: clients[i % CLIENTS].phone,
        to: firm.number,
        body: `Got it, thanks (${i})`,
        sid: fakeMessageSid(),
      }),
      both: i % 10 === 3,
    }));
    const inbound = mapLimit(texts, 12, async (text, i) => {
      const targets = text.both ? apis : [apis[i % 2]];
      return Promise.all(targets.map((api) => deliverInbound(api.base, text.params, AUTH_TOKEN)));
    });
    const [sends, answers] = await Promise.all([outbound, inbound]);
    const accepted = Date.now();

    expect(sends.filter((s) => s.status !== 202)).toEqual([]);
    expect(answers.flat().filter((a) => !isTwiml200(a))).toEqual([]);
    const ids = sends.map((s) => s.id as string);

    const fail = (error: Error) => {
      throw new Error(`${error.message}\n${outputsOf(processes)}`);
    };
    const sent = await until(
      'every send recorded sent',
      () => db.messages(firm.id, 'outbound'),
      (rows) =>
        rows.length === TOTAL && rows.every((r) => r.status === 'sent' && r.carrierMessageId),
      150_000,
    ).catch(fail);
    const dispatched = Date.now();
    await until(
      'every email alert',
      () => firmMail().length,
      (n) => n >= TOTAL * EMAIL_ROLES.length,
      150_000,
    ).catch(fail);
    await until(
      'the email queue to drain',
      async () =>
        db.pendingJobs(
          'notifications.email',
          'emailId',
          (await db.emails(firm.id)).map((e) => e.id),
        ),
      (pending) => pending === 0,
      60_000,
    );
    const mailed = Date.now();

    // Outbound: each exactly once at the carrier; the disclosure once per client.
    expect(new Set(sent.map((m) => m.id))).toEqual(new Set(ids));
    const atCarrier = tally(firmMessages().map((m) => messageIdOf(m.statusCallback)));
    const recorded = new Map(sent.map((m) => [m.id, m]));
    const notOnce = ids
      .filter((id) => atCarrier.get(id) !== 1)
      .map((id) => ({
        id,
        atCarrier: atCarrier.get(id) ?? 0,
        carrierMessageId: recorded.get(id)?.carrierMessageId,
        attempts: recorded.get(id)?.attempts,
      }));
    if (notOnce.length > 0) {
      const carrierSids = new Set(fake.messages().map((m) => m.sid));
      const unknown = notOnce.filter((m) => !carrierSids.has(m.carrierMessageId ?? ''));
      fail(
        new Error(
          `${notOnce.length} sends not at the carrier exactly once, ${unknown.length} recorded ` +
            `with a carrier id the carrier never gave: ${JSON.stringify(notOnce.slice(0, 8))}`,
        ),
      );
    }
    expect(atCarrier.size).toBe(TOTAL);
    const disclosures = tally(
      sent.filter((m) => m.includesDisclosure).map((m) => m.clientId ?? ''),
    );
    expect(clients.filter((c) => disclosures.get(c.id) !== 1)).toEqual([]);

    // Inbound: each stored once, in its client's thread.
    const stored = await db.messages(firm.id, 'inbound');
    expect(stored).toHaveLength(TOTAL);
    const bySid = new Map(stored.map((m) => [m.carrierMessageId, m]));
    expect(texts.filter((x) => bySid.get(x.params.MessageSid)?.clientId !== x.client.id)).toEqual(
      [],
    );

    // Notifications: every member once per text; email to owner and admin once per text.
    const notified = tally(
      (await db.notifications(firm.id)).map((n) => `${n.type} ${n.memberId} ${n.messageId}`),
    );
    expect(notified.size).toBe(TOTAL * ROLES.length);
    expect([...notified.values()].every((n) => n === 1)).toBe(true);
    for (const m of stored) {
      for (const role of ROLES)
        expect(notified.get(`sms.reply ${firm.members[role].id} ${m.id}`)).toBe(1);
    }
    const mail = tally(firmMail().map((m) => `${m.to.join(',')} | ${m.subject}`));
    const wantedMail = new Map(
      clients.flatMap((c) =>
        EMAIL_ROLES.map((r) => [`${firm.members[r].email} | New text from ${c.name}`, PER_CLIENT]),
      ),
    );
    expect(mail).toEqual(wantedMail);
    const emails = await db.emails(firm.id);
    expect(emails).toHaveLength(TOTAL * EMAIL_ROLES.length);
    expect(emails.filter((e) => !e.sent)).toEqual([]);

    // Activity: one entry per message each way.
    const inboundActivity = tally(
      (await db.activity(firm.id, 'sms.message.inbound')).map((a) => a.messageId),
    );
    const outboundActivity = tally(
      (await db.activity(firm.id, 'sms.message.outbound')).map((a) => a.messageId),
    );
    expect(stored.filter((m) => inboundActivity.get(m.id) !== 1)).toEqual([]);
    expect(ids.filter((id) => outboundActivity.get(id) !== 1)).toEqual([]);

    console.log(
      `multi-process: ${TOTAL} sends + ${TOTAL} inbound (${texts.filter((x) => x.both).length} to both APIs) ` +
        `accepted in ${accepted - started} ms; all sent after ${dispatched - started} ms; ` +
        `${firmMail().length} emails after ${mailed - started} ms; carrier duplicates: 0`,
    );
  }, 300_000);

  function firmMail() {
    const members = new Set(ROLES.map((role) => firm.members[role].email));
    return inbox.received.filter((m) => m.to.some((to) => members.has(to)));
  }
});
