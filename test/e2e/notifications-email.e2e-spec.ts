import { EntityManager } from '@mikro-orm/postgresql';
import { JobQueue, readSql } from '@app/platform';
import { startTestApp, TestApp, TestFirm } from '../support/test-app';
import { SmtpInbox, ReceivedEmail } from '../support/smtp-inbox';
import { eventually, inboundText, notificationsOf, publish } from '../support/notifications';
import { claimFirmNumber, randomUsPhone } from '../support/twilio-inbound';

const BASE = 'https://sms.assurepro.test';
const ROLES = ['owner', 'admin', 'staff', 'viewer'] as const;

/**
 * Email alerts through a real SMTP server: one per member who wants them, sent by the worker
 * after the event's transaction, never with the text of the SMS, and exactly once even when
 * SMTP is down for a while.
 */
describe('email alerts', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  let firm: TestFirm;

  beforeAll(async () => {
    inbox = await SmtpInbox.start();
    t = await startTestApp({ SMTP_URL: inbox.url, CARRIER: 'sandbox' });
    // The production policy waits 5–10 s before the first retry; a test outage needs less.
    await t.app.get(JobQueue).define('notifications.email', {
      retryLimit: 10,
      retryDelay: 1,
      retryBackoff: true,
      expireInSeconds: 120,
    });
    firm = await t.provisionFirm();
  });
  afterAll(async () => {
    await t.close();
    await inbox.stop();
  });

  const mailTo = (role: (typeof ROLES)[number], subject?: string): ReceivedEmail[] =>
    inbox
      .to(firm.members[role].email)
      .filter((m) => subject === undefined || m.subject === subject);

  /** Waits for `count` emails with `subject` to the firm's members. */
  const arrived = (subject: string, count: number) =>
    eventually(
      () => {
        const found = ROLES.flatMap((role) => mailTo(role, subject));
        return found.length >= count ? found : undefined;
      },
      `${count} emails "${subject}"`,
      30_000,
    );

  it('emails each member who wants it, once, naming the client and linking the thread', async () => {
    await firm
      .as('viewer')
      .put('/api/me/notification-preferences')
      .send({ smsReply: { inApp: true, email: false } })
      .expect(200);
    const client = await t.createClient(firm, { name: 'Ana Ortiz' });
    const event = await inboundText(t, firm, { clientId: client.id, clientName: 'Ana Ortiz' });
    await publish(t, event);
    await arrived('New text from Ana Ortiz', 3);

    // A repeated event sends nothing more; a later one shows the worker has caught up.
    await publish(t, event);
    await publish(t, await inboundText(t, firm, { clientName: 'Later Client' }));
    await arrived('New text from Later Client', 3);

    for (const role of ['owner', 'admin', 'staff'] as const) {
      const emails = mailTo(role, 'New text from Ana Ortiz');
      expect(emails).toHaveLength(1);
      const [email] = emails;
      expect(email.from).toBe('alerts@localhost');
      expect(email.text).toContain('Ana Ortiz sent a text message');
      expect(email.text).toContain(`${BASE}/inbox/${client.id}`);
      expect(email.html).toContain(`href="${BASE}/inbox/${client.id}"`);
    }
    expect(mailTo('viewer')).toEqual([]);
    // The viewer still sees it in the app.
    expect((await notificationsOf(firm, 'viewer')).map((n) => n.messageId)).toContain(
      event.messageId,
    );
  }, 90_000);

  it('emails only owners and admins about a text from an unknown number', async () => {
    await publish(
      t,
      await inboundText(t, firm, { clientId: null, clientName: null, from: '+15035554321' }),
    );
    const [email] = await arrived('New text from an unknown number', 2);
    expect(mailTo('owner', 'New text from an unknown number')).toHaveLength(1);
    expect(mailTo('admin', 'New text from an unknown number')).toHaveLength(1);
    expect(email.text).toContain(`${BASE}/unmatched`);
    expect(email.text).toContain('4321');
    expect(email.raw).not.toContain('5554321');
    await publish(t, await inboundText(t, firm, { clientName: 'Sentinel One' }));
    await arrived('New text from Sentinel One', 3);
    expect(mailTo('staff', 'New text from an unknown number')).toEqual([]);
  }, 90_000);

  it('gives up on a recipient the server does not know, keeps why, and sends the rest', async () => {
    const staffEmail = firm.members.staff.email;
    inbox.unknownRecipients.add(staffEmail);
    try {
      const event = await inboundText(t, firm, { clientName: 'Unknown Recipient Case' });
      await publish(t, event);
      await arrived('New text from Unknown Recipient Case', 2);
      const rows = await eventually(async () => {
        const found = await readSql<{ sentAt: unknown; failedAt: unknown; failure: string }>(
          t.app.get(EntityManager),
          `select e.sent_at as "sentAt", e.failed_at as "failedAt", e.failure
             from notification_emails e
            where e.message_id = $1 and e.recipient_email = $2`,
          [event.messageId, staffEmail],
        );
        return found[0]?.failedAt ? found : undefined;
      }, 'the refused email marked failed');
      expect(rows).toHaveLength(1);
      expect(rows[0].sentAt).toBeNull();
      expect(rows[0].failure).toContain('550');
      // The address is masked in what is kept, as in the logs.
      expect(rows[0].failure).not.toContain(staffEmail);
      expect(mailTo('staff', 'New text from Unknown Recipient Case')).toEqual([]);
    } finally {
      inbox.unknownRecipients.delete(staffEmail);
    }
    // The job did not fail for it: the next event reaches everyone.
    await publish(t, await inboundText(t, firm, { clientName: 'After The Refusal' }));
    await arrived('New text from After The Refusal', 3);
  }, 90_000);

  it('rides out an SMTP outage: the inbound transaction commits, each email arrives once later', async () => {
    // Down: nothing listens on the SMTP port.
    await inbox.stop();
    const names = ['Outage One', 'Outage Two', 'Outage Three'];
    for (const name of names) await publish(t, await inboundText(t, firm, { clientName: name }));
    const inApp = await notificationsOf(firm, 'owner');
    for (const name of names) expect(inApp.map((n) => n.title)).toContain(`New text from ${name}`);
    const ready = await t.http().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', smtp: 'unavailable' });

    // Still down: the server answers but refuses every message with 421, until each of the
    // three alerts has been retried into it at least once.
    inbox.refusing = true;
    await inbox.listen();
    await eventually(
      () =>
        names.every((name) =>
          ROLES.some((role) =>
            inbox
              .to(firm.members[role].email, inbox.refused)
              .some((m) => m.subject === `New text from ${name}`),
          ),
        )
          ? true
          : undefined,
      'each alert to be retried during the outage',
      30_000,
    );

    // Back: every email arrives, and none twice.
    inbox.refusing = false;
    for (const name of names) await arrived(`New text from ${name}`, 3);
    await publish(t, await inboundText(t, firm, { clientName: 'After The Outage' }));
    await arrived('New text from After The Outage', 3);
    for (const name of names) {
      for (const role of ['owner', 'admin', 'staff'] as const) {
        expect(mailTo(role, `New text from ${name}`)).toHaveLength(1);
      }
      expect(mailTo('viewer', `New text from ${name}`)).toEqual([]);
    }
  }, 90_000);

  it('alerts by email about a sandbox text without ever carrying its words', async () => {
    await claimFirmNumber(firm);
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Sandra Sandbox', phone });
    const secret = 'My SSN is 078-05-1120 and my refund goes to account 99887766';
    await firm
      .as('owner')
      .post('/api/sandbox/inbound')
      .send({ from: phone, body: secret })
      .expect(202);

    const emails = await arrived('New text from Sandra Sandbox', 3);
    for (const email of emails) {
      expect(email.text).toContain(`${BASE}/inbox/${client.id}`);
      expect(email.raw).not.toContain('078-05-1120');
      expect(email.raw).not.toContain('99887766');
      expect(`${email.text}${email.html}`).not.toContain('refund');
    }
    const [n] = (await notificationsOf(firm, 'staff')).filter((x) => x.clientId === client.id);
    expect(n).toMatchObject({ type: 'sms.reply', link: `/inbox/${client.id}` });
    expect(JSON.stringify(n)).not.toContain('99887766');
  }, 90_000);
});
