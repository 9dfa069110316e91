import { SmtpInbox } from '../support/smtp-inbox';
import { fakeMessageSid } from '../support/twilio-inbound';
import { startTestApp, TestApp } from '../support/test-app';
import { clientPhones, createClient, Firm, provisionFirm, ROLES } from './support/api-client';
import { deliverInbound, inboundParams, isTwiml200, TimedAnswer } from './support/carrier-webhooks';
import { NEEDS_SERVER, requireRealPostgres } from './support/app-processes';
import { DbProbe } from './support/db-probe';
import { SmtpBlackHole } from './support/smtp-black-hole';
import { mapLimit, tally, until } from './support/timing';

const AUTH_TOKEN = 'fault-smtp-auth-token-0123456789';
const PER_PHASE = 15;
/** Far below the SMTP client's 10 s timeouts: an inbound request that waited on mail would show. */
const FAST_MS = 3_000;
const EMAIL_ROLES = ['owner', 'admin', 'staff'] as const;

/**
 * Injected: the mail server goes away while clients text in. First it refuses connections
 * (stopped); then it accepts them and never answers (hung, until the client's own timeout);
 * then it comes back on the same port, dropping the connections it held.
 * Asserted: every inbound webhook during the outage is answered 200 TwiML quickly and stored
 * once; the in-app notifications arrive without waiting on mail; no email is lost: after recovery each member who
 * wants email gets exactly one per text, and no more arrive once the email queue has drained.
 */
describe('fault: SMTP down while texts arrive', () => {
  let inbox: SmtpInbox;
  let blackHole: SmtpBlackHole;
  let t: TestApp;
  let db: DbProbe;
  let firm: Firm;
  const clients: Array<{ id: string; name: string; phone: string }> = [];

  beforeAll(async () => {
    const databaseUrl = requireRealPostgres(NEEDS_SERVER.concurrency);
    inbox = await SmtpInbox.start();
    blackHole = new SmtpBlackHole();
    t = await startTestApp({
      CARRIER: 'sandbox',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      SMTP_URL: inbox.url,
    });
    db = await DbProbe.connect(databaseUrl);
    firm = await provisionFirm(t.baseUrl, { email: { viewer: false } });
    const phones = clientPhones(2 * PER_PHASE);
    for (const [i, phone] of phones.entries()) {
      const name = `Mail Client ${i} ${firm.id.slice(0, 6)}`;
      clients.push({ id: await createClient(t.baseUrl, firm, { name, phone }), name, phone });
    }
  }, 120_000);

  afterAll(async () => {
    await blackHole?.close();
    await db?.close();
    await t?.close();
    await inbox?.stop();
  });

  const port = () => Number(new URL(inbox.url).port);
  const textFrom = (client: { phone: string }) =>
    deliverInbound(
      t.baseUrl,
      inboundParams({
        from: client.phone,
        to: firm.number,
        body: 'I mailed the receipts',
        sid: fakeMessageSid(),
      }),
      AUTH_TOKEN,
    );
  const firmMail = () => {
    const members = new Set(ROLES.map((role) => firm.members[role].email));
    return inbox.received.filter((m) => m.to.some((to) => members.has(to)));
  };

  it('answers inbound at once and delivers every email once after recovery', async () => {
    const answers: TimedAnswer[] = [];

    await inbox.stop();
    answers.push(...(await mapLimit(clients.slice(0, PER_PHASE), 5, textFrom)));

    await blackHole.listen(port());
    answers.push(...(await mapLimit(clients.slice(PER_PHASE), 5, textFrom)));
    expect(answers.filter((a) => !isTwiml200(a))).toEqual([]);
    expect(answers.filter((a) => a.ms >= FAST_MS).map((a) => a.ms)).toEqual([]);

    // The app shows every text to every member, mail or no mail.
    const stored = await db.messages(firm.id, 'inbound');
    expect(stored).toHaveLength(clients.length);
    const inApp = await until(
      'the in-app alerts',
      async () => tally((await db.notifications(firm.id)).map((n) => n.messageId)),
      (alerts) => stored.every((m) => alerts.has(m.id)),
      FAST_MS,
    );
    expect(stored.map((m) => inApp.get(m.id) ?? 0)).toEqual(stored.map(() => ROLES.length));
    // Wait until the hung server holds connections: the worker is stuck mid-attempt.
    await until(
      'the worker to reach the hung server',
      () => blackHole.accepted,
      (n) => n > 0,
      30_000,
    );
    const received = inbox.received.length;
    const pendingDuringOutage = (await db.emails(firm.id)).filter((e) => !e.sent).length;

    await blackHole.close();
    await inbox.listen();

    const expected = clients.length * EMAIL_ROLES.length;
    await until(
      'every email after recovery',
      () => firmMail().length,
      (n) => n >= expected,
      120_000,
    );
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

    const mailed = tally(firmMail().map((m) => `${m.to.join(',')} | ${m.subject}`));
    const wanted = tally(
      clients.flatMap((c) =>
        EMAIL_ROLES.map((role) => `${firm.members[role].email} | New text from ${c.name}`),
      ),
    );
    expect(Object.fromEntries(mailed)).toEqual(Object.fromEntries(wanted));
    const rows = await db.emails(firm.id);
    expect(rows).toHaveLength(expected);
    expect(rows.filter((e) => !e.sent)).toEqual([]);

    console.log(
      `smtp outage: ${answers.length} texts answered in ≤ ${Math.max(...answers.map((a) => a.ms))} ms; ` +
        `${pendingDuringOutage} emails waiting and ${received} received during the outage, ` +
        `${blackHole.accepted} connections to the hung server; ${firmMail().length} delivered after`,
    );
  });
});
