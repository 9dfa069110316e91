import { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';
import {
  INBOUND_TEST_ENV,
  INBOUND_TEST_OPTIONS,
  claimFirmNumber,
  fakeMessageSid,
  inboundParams,
  postInbound,
  randomUsPhone,
} from '../support/twilio-inbound';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/**
 * Texts that arrive while earlier ones are being stored share a transaction (group commit).
 * Whatever shares it, each text is answered for itself, stored once, queued for its alerts once
 * (the worker's fan-out is tested with notifications), and a text that fails in the database
 * fails alone.
 */
describe('inbound texts received together', () => {
  let t: TestApp;
  let em: EntityManager;
  let firm: TestFirm;
  let firmNumber: string;

  /** Plain SQL with `$n` placeholders (arrays bind as PostgreSQL arrays). */
  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    em.fork().transactional((tx) => txSql(tx).query<T>(text, params));

  /**
   * Holds the messages table while `send` fires its requests, so the first texts wait in the
   * database and the rest queue behind them; the hold ends once all have had time to arrive.
   */
  async function whileMessagesHeld<T>(send: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const hold = em.fork().transactional(async (tx) => {
      await txSql(tx).query('lock table messages in exclusive mode');
      held();
      await released;
    });
    await holding;
    const sent = send();
    await new Promise((resolve) => setTimeout(resolve, 750));
    release();
    await hold;
    return sent;
  }

  /** Transactions that wrote these messages (rows written by one transaction share its xmin). */
  const transactionsOf = async (sids: string[]) =>
    (
      await sql<{ n: number }>(
        'select count(distinct xmin::text)::int as n from messages where carrier_message_id = any($1)',
        [sids],
      )
    )[0].n;

  beforeAll(async () => {
    t = await startTestApp(INBOUND_TEST_ENV, INBOUND_TEST_OPTIONS);
    em = t.app.get(EntityManager);
    firm = await t.provisionFirm();
    firmNumber = await claimFirmNumber(firm);
  });
  afterAll(() => t.close());

  it('stores a burst once per text, in fewer transactions, each alerted and answered', async () => {
    // A lone text first: what one text writes when nothing shares its transaction.
    const lonePhone = randomUsPhone();
    await t.createClient(firm, { name: 'Lone Client', phone: lonePhone });
    const lone = inboundParams({ from: lonePhone, to: firmNumber, body: 'Just me' });
    await postInbound(t, lone).expect(200);
    const [loneMessage] = await sql<{ id: string }>(
      'select id from messages where carrier_message_id = $1',
      [lone.MessageSid],
    );
    const perText = async (messageId: string) =>
      (
        await sql<{ activity: number; alerts: number }>(
          `select (select count(*)::int from activity_log where message_id = $1) as activity,
                  (select count(*)::int from pgboss.job where name = 'notifications.inbound'
                      and data->'texts' @> jsonb_build_array(jsonb_build_object('messageId', $1::text))
                  ) as alerts`,
          [messageId],
        )
      )[0];
    const expected = await perText(loneMessage.id);
    expect(expected).toEqual({ activity: 1, alerts: 1 });

    // Twenty clients, two texts each, plus a repeat of five of them, all at once.
    const clients = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const phone = randomUsPhone();
        const client = await t.createClient(firm, { name: `Burst Client ${i}`, phone });
        return { ...client, phone };
      }),
    );
    const texts = clients.flatMap((c, i) => [
      inboundParams({ from: c.phone, to: firmNumber, body: `First from ${i}` }),
      inboundParams({ from: c.phone, to: firmNumber, body: `Second from ${i}` }),
    ]);
    const repeats = texts.slice(0, 5);
    const answers = await whileMessagesHeld(() =>
      Promise.all([...texts, ...repeats].map((p) => postInbound(t, p).then((r) => r))),
    );

    expect(answers.map((r) => r.status)).toEqual(Array(45).fill(200));
    expect(answers.every((r) => r.text === EMPTY_TWIML)).toBe(true);
    const sids = texts.map((p) => p.MessageSid);
    const stored = await sql<{ id: string; carrier_message_id: string; client_id: string }>(
      'select id, carrier_message_id, client_id from messages where carrier_message_id = any($1)',
      [sids],
    );
    expect(stored.map((m) => m.carrier_message_id).sort()).toEqual([...sids].sort());
    // Shared transactions: far fewer than one per text.
    expect(await transactionsOf(sids)).toBeLessThanOrEqual(6);

    for (const [i, c] of clients.entries()) {
      const thread = await firm.as('owner').get(`/api/clients/${c.id}/messages`).expect(200);
      const items = (thread.body as { items: Array<{ body: string; createdAt: string }> }).items;
      expect(items.map((m) => m.body).sort()).toEqual([`First from ${i}`, `Second from ${i}`]);
      // Texts from one sender stored by one transaction still have an order.
      const rows = await sql<{ tx: string; at: string }>(
        'select xmin::text as tx, created_at::text as at from messages where client_id = $1',
        [c.id],
      );
      if (rows[0].tx === rows[1].tx) expect(rows[0].at).not.toBe(rows[1].at);
    }
    for (const m of stored) expect(await perText(m.id)).toEqual(expected);

    // Each client's row in the threads list shows the later of their two texts, though both
    // were stored together.
    const latest = await sql<{ client_id: string; id: string }>(
      `select distinct on (client_id) client_id, id from messages
        where client_id = any($1::uuid[]) order by client_id, created_at desc, id desc`,
      [clients.map((c) => c.id)],
    );
    const threads = await firm.as('owner').get('/api/threads?limit=100').expect(200);
    const lastOf = new Map(
      (
        threads.body as { items: Array<{ clientId: string; lastMessage: { id: string } }> }
      ).items.map((row) => [row.clientId, row.lastMessage.id]),
    );
    for (const row of latest) expect(lastOf.get(row.client_id)).toBe(row.id);
    expect(latest).toHaveLength(clients.length);

    // Their alerts ride on shared jobs (one per transaction), each text in exactly one job.
    const jobs = await sql<{ data: { texts: Array<{ messageId: string }> } }>(
      `select data from pgboss.job where name = 'notifications.inbound'
        and exists (select 1 from jsonb_array_elements(data->'texts') t
                     where t->>'messageId' = any($1::text[]))`,
      [stored.map((m) => m.id)],
    );
    const carried = jobs.flatMap((j) => j.data.texts.map((text) => text.messageId));
    expect([...carried].sort()).toEqual(stored.map((m) => m.id).sort());
    expect(jobs.length).toBeLessThan(texts.length);
    // Ids only: the queue's tables, kept for days, hold no client's name or number.
    for (const text of jobs.flatMap((j) => j.data.texts)) {
      expect(text).toEqual({
        firmId: firm.id,
        messageId: expect.any(String),
        clientId: expect.any(String),
        fromEnding: null,
      });
    }
    const kept = JSON.stringify(jobs);
    for (const c of clients) {
      expect(kept).not.toContain(c.phone);
      expect(kept).not.toContain('Burst Client');
    }
  });

  it('runs a group again when it holds a text stored before: the others once, keywords kept', async () => {
    const client = async (name: string) => {
      const phone = randomUsPhone();
      return { ...(await t.createClient(firm, { name, phone })), phone };
    };
    const [known, stopper, ...others] = await Promise.all(
      ['Known Sender', 'Group Stopper', 'Other 1', 'Other 2', 'Other 3', 'Slot 1', 'Slot 2'].map(
        client,
      ),
    );
    const first = inboundParams({ from: known.phone, to: firmNumber, body: 'Got it, thanks' });
    await postInbound(t, first).expect(200);

    // Two texts take both transaction slots and wait on the held table; the carrier's retry of
    // the stored text and the new ones queue behind them and share the next transaction.
    const slots = others
      .slice(3)
      .map((c) => inboundParams({ from: c.phone, to: firmNumber, body: 'Holding a slot' }));
    const stop = inboundParams({ from: stopper.phone, to: firmNumber, body: 'STOP' });
    const news = [
      stop,
      ...others
        .slice(0, 3)
        .map((c, i) => inboundParams({ from: c.phone, to: firmNumber, body: `new ${i}` })),
    ];
    const answers = await whileMessagesHeld(async () => {
      const held = slots.map((p) => postInbound(t, p).then((r) => r));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const queued = [first, ...news].map((p) => postInbound(t, p).then((r) => r));
      return Promise.all([...held, ...queued]);
    });

    expect(answers.map((r) => r.status)).toEqual(Array(7).fill(200));
    expect(answers.every((r) => r.text === EMPTY_TWIML)).toBe(true);
    const rows = await sql<{ id: string; carrier_message_id: string; keyword: string | null }>(
      'select id, carrier_message_id, keyword from messages where carrier_message_id = any($1)',
      [[first, ...news].map((p) => p.MessageSid)],
    );
    expect(rows.map((r) => r.carrier_message_id).sort()).toEqual(
      [first, ...news].map((p) => p.MessageSid).sort(),
    );
    expect(rows.find((r) => r.carrier_message_id === stop.MessageSid)?.keyword).toBe('STOP');
    expect(await transactionsOf(news.map((p) => p.MessageSid))).toBe(1);
    // Each stored text's entries (its receipt; the STOP's opt-out too) and its alert, once.
    const effects = await sql<{ id: string; received: number; repeated: number; alerts: number }>(
      `select m.id,
              (select count(*)::int from activity_log a
                where a.message_id = m.id and a.type = 'sms.message.inbound') as received,
              (select (count(*) - count(distinct a.type))::int from activity_log a
                where a.message_id = m.id) as repeated,
              (select count(*)::int from pgboss.job j where j.name = 'notifications.inbound'
                  and j.data->'texts' @> jsonb_build_array(jsonb_build_object('messageId', m.id::text))
              ) as alerts
         from messages m where m.id = any($1::uuid[])`,
      [rows.map((r) => r.id)],
    );
    expect(
      effects.map(({ received, repeated, alerts }) => ({ received, repeated, alerts })),
    ).toEqual(Array(rows.length).fill({ received: 1, repeated: 0, alerts: 1 }));
    const stopped = await firm.as('viewer').get(`/api/clients/${stopper.id}`).expect(200);
    expect(stopped.body.sms.optedOut).toBe(true);
  });

  it('fails only the text the database refuses; the others of its group are stored', async () => {
    await sql(`create or replace function refuse_poison() returns trigger language plpgsql as $$
      begin
        if new.body = 'poison text' then raise exception 'refused by the test'; end if;
        return new;
      end $$`);
    await sql(
      'create trigger refuse_poison before insert on messages for each row execute function refuse_poison()',
    );
    try {
      const phones = Array.from({ length: 8 }, () => randomUsPhone());
      await Promise.all(phones.map((phone, i) => t.createClient(firm, { name: `G ${i}`, phone })));
      const texts = phones.map((phone, i) =>
        inboundParams({ from: phone, to: firmNumber, body: i === 3 ? 'poison text' : `ok ${i}` }),
      );
      const answers = await whileMessagesHeld(() =>
        Promise.all(texts.map((p) => postInbound(t, p).then((r) => r))),
      );

      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 500, 200, 200, 200, 200]);
      expect(answers[3].headers['content-type']).toMatch(/problem\+json/);
      const stored = await sql<{ body: string }>(
        'select body from messages where carrier_message_id = any($1) order by body',
        [texts.map((p) => p.MessageSid)],
      );
      expect(stored.map((m) => m.body)).toEqual([
        'ok 0',
        'ok 1',
        'ok 2',
        'ok 4',
        'ok 5',
        'ok 6',
        'ok 7',
      ]);
    } finally {
      await sql('drop trigger refuse_poison on messages');
      await sql('drop function refuse_poison()');
    }

    // Twilio's retry of the refused text, once the database accepts it, is stored.
    const retry = inboundParams({
      from: randomUsPhone(),
      to: firmNumber,
      body: 'poison text',
      sid: fakeMessageSid(),
    });
    await postInbound(t, retry).expect(200);
    expect(
      await sql('select 1 from messages where carrier_message_id = $1', [retry.MessageSid]),
    ).toHaveLength(1);
  });
});
