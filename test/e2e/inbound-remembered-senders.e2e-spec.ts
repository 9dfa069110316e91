import { EntityManager } from '@mikro-orm/postgresql';
import { Client as PgClient } from 'pg';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import {
  INBOUND_TEST_ENV,
  INBOUND_TEST_OPTIONS,
  claimFirmNumber,
  inboundParams,
  postInbound,
  randomUsPhone,
} from '../support/twilio-inbound';

interface MessageBody {
  id: string;
  clientId: string | null;
  body: string;
}

/** What one text's transaction sent to PostgreSQL: its reads of clients and its checks. */
interface Sent {
  /** Queries the text's transaction sent, each one round trip. */
  roundTrips: number;
  clientReads: number;
  checks: number;
  /** Checks that went in the same round trip as the COMMIT. */
  checksWithCommit: number;
}

/**
 * A sender's clients are remembered by the process that read them, so the next text from that
 * phone is stored in one round trip. Another process (or an edit made straight in the database)
 * may change those clients meanwhile: the check that goes with the COMMIT must then send the text
 * to whoever has the phone now.
 */
describe('inbound: the clients of a sender seen before', () => {
  let t: TestApp;
  let firm: TestFirm;
  let firmNumber: string;
  let em: EntityManager;
  const statements: string[] = [];
  let recording = false;
  const query = PgClient.prototype.query;

  beforeAll(async () => {
    t = await startTestApp(INBOUND_TEST_ENV, INBOUND_TEST_OPTIONS);
    firm = await t.provisionFirm();
    firmNumber = await claimFirmNumber(firm);
    em = t.app.get(EntityManager);
    PgClient.prototype.query = function (this: PgClient, ...args: unknown[]) {
      const [text] = args as [string | { text?: string }];
      if (recording) statements.push(typeof text === 'string' ? text : (text?.text ?? ''));
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof query;
  });
  afterAll(async () => {
    PgClient.prototype.query = query;
    await t?.close();
  });

  /** Posts one text and answers its stored message and what its transaction sent. */
  async function text(from: string, body: string): Promise<{ message: MessageBody; sent: Sent }> {
    statements.length = 0;
    recording = true;
    try {
      await postInbound(t, inboundParams({ from, to: firmNumber, body })).expect(200);
    } finally {
      recording = false;
    }
    const checks = statements.filter((s) => s.includes('directory_assert_phone_clients('));
    const sent = {
      // The text's transaction only: its BEGIN, its read of clients, its COMMIT (a timer of the
      // app's own, such as the queue's maintenance, may send something meanwhile).
      roundTrips: statements.filter(
        (s) => /^begin\b/.test(s) || /\bcommit$/.test(s) || /from clients c\s+join unnest/.test(s),
      ).length,
      clientReads: statements.filter((s) => /from clients c\s+join unnest/.test(s)).length,
      checks: checks.length,
      checksWithCommit: checks.filter((s) => /;\s*commit$/.test(s)).length,
    };
    const [row] = await em
      .fork()
      .getConnection()
      .execute<Array<{ id: string; client_id: string | null }>>(
        `select id, client_id from messages where firm_id = ? and body = ?`,
        [firm.id, body],
      );
    return { message: { id: row.id, clientId: row.client_id, body }, sent };
  }

  const sql = (text: string, values: unknown[]) =>
    em.fork().getConnection().execute(text, values, 'run');

  it('reads a sender’s clients once, then stores their texts in one round trip', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Ada Park', phone });
    const first = await text(phone, 'remembered: first');
    expect(first.message.clientId).toBe(client.id);
    expect(first.sent).toMatchObject({ clientReads: 1, checks: 0 });

    const second = await text(phone, 'remembered: second');
    expect(second.message.clientId).toBe(client.id);
    // BEGIN, the checks of the number and the clients, the writes and COMMIT: one query.
    expect(second.sent).toEqual({ roundTrips: 1, clientReads: 0, checks: 1, checksWithCommit: 1 });
  });

  it('sends a text to whoever has the phone now when another process moved it', async () => {
    const phone = randomUsPhone();
    const newPhone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Bo Reyes', phone });
    expect((await text(phone, 'moved: before')).message.clientId).toBe(client.id);

    await sql('update clients set phone = ? where id = ?', [newPhone, client.id]);
    const stale = await text(phone, 'moved: old phone');
    expect(stale.message.clientId).toBeNull();
    // The remembered answer failed its check and the text was matched again from a fresh read.
    expect(stale.sent).toMatchObject({ clientReads: 1, checks: 1, checksWithCommit: 1 });
    expect((await text(newPhone, 'moved: new phone')).message.clientId).toBe(client.id);

    const unmatched = (await firm.as('admin').get('/api/sms/unmatched?limit=200').expect(200)).body
      .items as MessageBody[];
    expect(unmatched.map((m) => m.body)).toContain('moved: old phone');
  });

  it('matches a client another process created for a sender who was unknown', async () => {
    const phone = randomUsPhone();
    expect((await text(phone, 'unknown: before')).message.clientId).toBeNull();
    expect((await text(phone, 'unknown: again')).sent).toEqual({
      roundTrips: 1,
      clientReads: 0,
      checks: 1,
      checksWithCommit: 1,
    });

    const created = await t.createClient(firm, { name: 'Cy Moss' });
    await sql('update clients set phone = ? where id = ?', [phone, created.id]);
    const after = await text(phone, 'unknown: after');
    expect(after.message.clientId).toBe(created.id);
    expect(after.sent.clientReads).toBe(1);
  });

  it('reads again when another process renamed the client or gave the phone to a second one', async () => {
    const phone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Di Shaw', phone });
    await text(phone, 'renamed: before');
    await sql('update clients set name = ? where id = ?', ['Di Shaw-Lee', client.id]);
    const renamed = await text(phone, 'renamed: after');
    expect(renamed.message.clientId).toBe(client.id);
    expect(renamed.sent.clientReads).toBe(1);

    // Two clients with the phone and none texted yet: a person decides in Unmatched.
    const second = await t.createClient(firm, { name: 'Ed Shaw' });
    await sql('update clients set phone = ? where id = ?', [phone, second.id]);
    const shared = await text(phone, 'shared: after');
    expect(shared.message.clientId).toBeNull();
    expect(shared.sent.clientReads).toBe(1);
  });

  it('forgets a sender as soon as this process edits the client’s phone', async () => {
    const phone = randomUsPhone();
    const newPhone = randomUsPhone();
    const client = await t.createClient(firm, { name: 'Fay Oduya', phone });
    await text(phone, 'edited: before');
    await text(newPhone, 'edited: unknown yet');

    await firm.as('staff').patch(`/api/clients/${client.id}`).send({ phone: newPhone }).expect(200);
    // Both phones are read afresh, without a COMMIT that fails its check first.
    const old = await text(phone, 'edited: old phone');
    expect(old.message.clientId).toBeNull();
    expect(old.sent).toMatchObject({ clientReads: 1, checks: 0 });
    const moved = await text(newPhone, 'edited: new phone');
    expect(moved.message.clientId).toBe(client.id);
    expect(moved.sent).toMatchObject({ clientReads: 1, checks: 0 });
  });
});
