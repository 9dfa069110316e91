import { SmtpInbox } from '../support/smtp-inbox';
import { fakeMessageSid } from '../support/twilio-inbound';
import { startTestApp, TestApp } from '../support/test-app';
import { clientPhones, createClient, Firm, provisionFirm, Role, ROLES } from './support/api-client';
import { deliverInbound, inboundParams, isTwiml200, TimedAnswer } from './support/carrier-webhooks';
import { NEEDS_SERVER, requireRealPostgres } from './support/app-processes';
import { DbProbe } from './support/db-probe';
import { mapLimit, runSeed, seededRandom, sleep, tally, until } from './support/timing';

const AUTH_TOKEN = 'fault-inbound-auth-token-0123456789';
const CLIENTS = 30;
const FROM_CLIENTS = 120;
const FROM_STRANGERS = 30;

interface Text {
  sid: string;
  params: Record<string, string>;
  clientId: string | null;
  clientName: string | null;
  /** The last four digits of an unknown sender: what its email alert shows. */
  ending: string | null;
  copies: number;
}

/**
 * Injected: Twilio's webhook retries. Each of 150 inbound texts (120 from 30 known clients, 30
 * from unknown numbers) is delivered 1–3 times: extra copies either concurrently with the first
 * or late (0.1–2 s after the first was answered), and at the end, once the email alerts went
 * out, a tenth of all texts arrive yet again.
 * A delivery that times out (15 s) or meets a 5xx is retried, as Twilio does.
 * Asserted: every delivery ends in a 200 TwiML and none is ever refused with a 4xx; each
 * MessageSid is stored once, matched to its client or Unmatched; one activity entry per text;
 * one in-app notification per text for each member who may see it; one email per text for each
 * member who wants email, and no more once the email queue has drained.
 */
describe('fault: every inbound webhook delivered 1–3 times, concurrently and late', () => {
  const seed = runSeed();
  const random = seededRandom(seed);
  let inbox: SmtpInbox;
  let t: TestApp;
  let db: DbProbe;
  let firm: Firm;
  const texts: Text[] = [];
  const answers: TimedAnswer[] = [];
  let retried = 0;

  beforeAll(async () => {
    const databaseUrl = requireRealPostgres(NEEDS_SERVER.concurrency);
    inbox = await SmtpInbox.start();
    t = await startTestApp({
      CARRIER: 'sandbox',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      SMTP_URL: inbox.url,
    });
    db = await DbProbe.connect(databaseUrl);
    // The viewer reads texts in the app only; everyone else also by email.
    firm = await provisionFirm(t.baseUrl, { email: { viewer: false } });
    const phones = clientPhones(CLIENTS + FROM_STRANGERS);
    const clients: Array<{ id: string; name: string; phone: string }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const name = `Client ${i} ${firm.id.slice(0, 6)}`;
      clients.push({
        id: await createClient(t.baseUrl, firm, { name, phone: phones[i] }),
        name,
        phone: phones[i],
      });
    }
    for (let i = 0; i < FROM_CLIENTS + FROM_STRANGERS; i++) {
      const client = i < FROM_CLIENTS ? clients[i % CLIENTS] : null;
      const from = client ? client.phone : phones[CLIENTS + (i - FROM_CLIENTS)];
      const sid = fakeMessageSid();
      texts.push({
        sid,
        params: inboundParams({ from, to: firm.number, body: `About my 1099, part ${i}`, sid }),
        clientId: client?.id ?? null,
        clientName: client?.name ?? null,
        ending: client ? null : from.slice(-4),
        copies: 1 + Math.floor(random() * 3),
      });
    }
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    await t?.close();
    await inbox?.stop();
  });

  /**
   * One delivery as Twilio makes it: when the answer is not a 200 (a timeout after 15 s or a
   * server error), Twilio itself tries again a little later. Every answer is kept.
   */
  const deliver = async (text: Text): Promise<TimedAnswer> => {
    for (let attempt = 1; ; attempt++) {
      const answer = await deliverInbound(t.baseUrl, text.params, AUTH_TOKEN);
      answers.push(answer);
      if (isTwiml200(answer) || (answer.status >= 400 && answer.status < 500) || attempt === 5) {
        return answer;
      }
      retried++;
      await sleep(1_000);
    }
  };

  it('stores each text once and notifies each member once', async () => {
    console.log(`inbound retries: seed ${seed} (FAULT_SEED=${seed} replays this run)`);
    const copies = texts.reduce((n, x) => n + x.copies, 0);
    const finals: TimedAnswer[] = [];

    // The first deliveries are spread over about six seconds; each text's extra copies go
    // out with its first one or after it was answered.
    await Promise.all(
      texts.map(async (text, i) => {
        await sleep(i * 40);
        const concurrent = Math.floor(random() * text.copies);
        const late = text.copies - 1 - concurrent;
        finals.push(
          ...(await Promise.all(Array.from({ length: 1 + concurrent }, () => deliver(text)))),
        );
        for (let k = 0; k < late; k++) {
          await sleep(100 + Math.floor(random() * 1900));
          finals.push(await deliver(text));
        }
      }),
    );
    expect(finals).toHaveLength(copies);

    const expected = expectedAlerts();
    await until(
      'every email alert',
      () => firmMail().length,
      (n) => n >= emailsOfFirm(expected),
      60_000,
    );

    // A tenth of the texts arrive once more, after their alerts went out.
    const again = texts.filter(() => random() < 0.1);
    finals.push(...(await mapLimit(again, 8, (text) => deliver(text))));
    await settle();

    // Every delivery ended in a 200; nothing was ever refused with a 4xx.
    expect(finals.filter((a) => !isTwiml200(a))).toEqual([]);
    expect(answers.filter((a) => a.status >= 400 && a.status < 500)).toEqual([]);

    const stored = await db.messages(firm.id, 'inbound');
    expect(stored).toHaveLength(texts.length);
    const bySid = new Map(stored.map((m) => [m.carrierMessageId, m]));
    expect(
      [...tally(stored.map((m) => m.carrierMessageId ?? '')).values()].every((n) => n === 1),
    ).toBe(true);
    for (const text of texts) {
      expect(bySid.get(text.sid)?.clientId ?? null).toBe(text.clientId);
    }
    const idOf = (text: Text) => bySid.get(text.sid)?.id as string;

    const activity = tally(
      (await db.activity(firm.id, 'sms.message.inbound')).map((a) => a.messageId),
    );
    expect(texts.map((x) => activity.get(idOf(x)) ?? 0)).toEqual(texts.map(() => 1));

    const notified = tally(
      (await db.notifications(firm.id)).map((n) => `${n.memberId} ${n.messageId}`),
    );
    const wanted = new Map<string, number>();
    for (const text of texts) {
      for (const role of expected.inApp(text))
        wanted.set(`${firm.members[role].id} ${idOf(text)}`, 1);
    }
    expect(Object.fromEntries(notified)).toEqual(Object.fromEntries(wanted));

    const mailed = tally(
      firmMail().map(
        (m) => `${m.to.join(',')} | ${m.subject} | ${/ending in (\d{4})/.exec(m.text)?.[1] ?? ''}`,
      ),
    );
    const mailWanted = tally(
      texts.flatMap((text) =>
        expected
          .email(text)
          .map(
            (role) =>
              `${firm.members[role].email} | ${
                text.clientName
                  ? `New text from ${text.clientName}`
                  : 'New text from an unknown number'
              } | ${text.ending ?? ''}`,
          ),
      ),
    );
    expect(Object.fromEntries(mailed)).toEqual(Object.fromEntries(mailWanted));
    const emails = await db.emails(firm.id);
    expect(emails.filter((e) => !e.sent)).toEqual([]);
    expect(emails).toHaveLength(emailsOfFirm(expected));

    console.log(
      `inbound retries: ${texts.length} texts, ${finals.length} deliveries (${retried} retried by ` +
        `"Twilio" after a timeout or 5xx) → ${stored.length} stored, ` +
        `${[...notified.values()].length} in-app notifications, ${[...mailed.values()].reduce((a, b) => a + b, 0)} emails`,
    );
  });

  /** What the SMTP server received for this firm's members. */
  function firmMail() {
    const members = new Set(ROLES.map((role) => firm.members[role].email));
    return inbox.received.filter((m) => m.to.some((to) => members.has(to)));
  }

  /** Who hears of a text: replies go to every member, unknown senders to owners and admins. */
  function expectedAlerts() {
    const inApp = (text: Text): Role[] => (text.clientId ? [...ROLES] : ['owner', 'admin']);
    const email = (text: Text): Role[] => inApp(text).filter((role) => role !== 'viewer');
    return { inApp, email };
  }

  function emailsOfFirm(expected: ReturnType<typeof expectedAlerts>): number {
    return texts.reduce((n, text) => n + expected.email(text).length, 0);
  }

  /** Waits until no email job is left for the firm, so a late duplicate would have shown. */
  async function settle() {
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
  }
});
