/**
 * Seeds the "reads at scale" data set straight into the bench database with generate_series:
 * `firms` firms (the first is the one the bench reads as, provisioned through the API), each with
 * `clientsPerFirm` clients, `messagesPerClient` messages per client over the last year (every
 * client has a thread) and `activityPerFirm` activity entries. Secondary indexes are dropped
 * during the bulk load and rebuilt exactly as the migrations define them, then the tables are
 * vacuumed and analyzed, as a long-lived database would be.
 */

const FIRM_NUMBER = '+15035550100';

/** The indexes and primary key of a table, as statements that recreate them. */
async function indexesOf(db, table) {
  const { rows } = await db.query(
    `select i.indexname, i.indexdef, c.conname, c.contype
       from pg_indexes i
       left join pg_constraint c on c.conname = i.indexname and c.conrelid = $1::text::regclass
      where i.tablename = $1 and i.schemaname = 'public'`,
    [table],
  );
  return rows.map((r) => {
    if (!r.conname)
      return { name: r.indexname, drop: `drop index "${r.indexname}"`, build: r.indexdef };
    // A constraint's index is rebuilt on its own first, then attached to the constraint again.
    const kind = r.contype === 'p' ? 'primary key' : 'unique';
    return {
      name: r.indexname,
      drop: `alter table "${table}" drop constraint "${r.conname}"`,
      build: r.indexdef.replace(/^CREATE INDEX/, 'CREATE UNIQUE INDEX'),
      attach: `alter table "${table}" add constraint "${r.conname}" ${kind} using index "${r.indexname}"`,
    };
  });
}

async function withoutIndexes(db, tables, load, log) {
  const saved = [];
  for (const table of tables) saved.push(...(await indexesOf(db, table)));
  for (const index of saved) await db.query(index.drop);
  await load();
  for (const index of saved) {
    const started = Date.now();
    await db.query(index.build);
    if (index.attach) await db.query(index.attach);
    log(`  rebuilt ${index.name} in ${Date.now() - started} ms`);
  }
}

/**
 * @param {import('pg').Client} db
 * @param {{ readsFirmId: string, readsActorId: string, firms: number, clientsPerFirm: number,
 *   messagesPerClient: number, activityPerFirm: number, log: (line: string) => void }} options
 */
async function seedReads(db, options) {
  const {
    readsFirmId,
    readsActorId,
    firms,
    clientsPerFirm,
    messagesPerClient,
    activityPerFirm,
    log,
  } = options;
  const step = async (what, sql, params = []) => {
    const started = Date.now();
    const result = await db.query(sql, params);
    log(`  ${what}: ${result.rowCount ?? ''} rows in ${Date.now() - started} ms`);
  };
  await db.query(`set maintenance_work_mem = '1GB'`);
  await db.query(`set work_mem = '256MB'`);
  await db.query('set synchronous_commit = off');
  await db.query('set max_parallel_maintenance_workers = 2');

  await db.query('drop table if exists bench_seed_firms, bench_seed_clients');
  await db.query(
    'create unlogged table bench_seed_firms (n int primary key, id uuid not null, actor uuid not null)',
  );
  await db.query('insert into bench_seed_firms values (0, $1, $2)', [readsFirmId, readsActorId]);
  await step(
    'firms',
    `insert into bench_seed_firms select g, gen_random_uuid(), gen_random_uuid() from generate_series(1, $1 - 1) g`,
    [firms],
  );
  await db.query(
    `insert into firms (id, name, created_at)
       select id, 'Seeded Firm ' || n, now() - interval '2 years' from bench_seed_firms where n > 0`,
  );
  await db.query(
    `create unlogged table bench_seed_clients as
       select f.n as firm_n, k, gen_random_uuid() as id, f.id as firm_id, f.actor,
              '+1971' || (2000000 + (f.n * $1::int + k) % 8000000)::text as phone
         from bench_seed_firms f, generate_series(0, $1::int - 1) k`,
    [clientsPerFirm],
  );
  await db.query('alter table bench_seed_clients add primary key (firm_n, k)');
  await step(
    'clients',
    `insert into clients (id, firm_id, name, phone, created_at, updated_at)
       select id, firm_id, 'Seeded Client ' || firm_n || '-' || k, phone,
              now() - interval '2 years', now() - interval '2 years'
         from bench_seed_clients`,
  );

  await withoutIndexes(
    db,
    ['messages', 'threads'],
    async () => {
      // Alternating outbound and inbound, at random times over the last year.
      await step(
        'messages',
        `insert into messages (id, firm_id, client_id, direction, body, from_number, to_number,
            peer_number, status, status_rank, segments, encoding, sent_by, carrier_message_id,
            carrier_accepted, created_at, status_updated_at)
         select gen_random_uuid(), c.firm_id, c.id,
                case when j % 2 = 0 then 'outbound' else 'inbound' end,
                'Seeded message ' || j || ': the documents for this year are in the portal.',
                case when j % 2 = 0 then $2 else c.phone end,
                case when j % 2 = 0 then c.phone else $2 end,
                c.phone,
                case when j % 2 = 0 then 'delivered' else 'received' end,
                case when j % 2 = 0 then 50 else 100 end,
                1, 'GSM-7',
                case when j % 2 = 0 then c.actor end,
                'SM' || md5(c.id::text || ':' || j),
                true, t.at, t.at
           from bench_seed_clients c
           cross join generate_series(0, $1::int - 1) j
           cross join lateral (select now() - (random() + j * 0) * interval '365 days' as at) t`,
        [messagesPerClient, FIRM_NUMBER],
      );
      await step(
        'threads',
        `insert into threads (client_id, firm_id, last_message_id, last_message_at, last_outbound_at)
         select client_id, firm_id, (array_agg(id order by created_at desc, id desc))[1],
                max(created_at), max(created_at) filter (where direction = 'outbound')
           from messages where firm_id in (select id from bench_seed_firms) and client_id is not null
          group by client_id, firm_id`,
      );
    },
    log,
  );

  await withoutIndexes(
    db,
    ['activity_log'],
    async () => {
      // Per firm: 45% inbound, 45% outbound (by the firm's member), 5% delivery failures,
      // 5% opt-outs and opt-ins; each about one of the firm's clients.
      await step(
        'activity',
        `insert into activity_log (id, firm_id, type, occurred_at, actor_id, client_id, message_id, data)
         select gen_random_uuid(), c.firm_id, tp.type,
                now() - (random() + g * 0) * interval '365 days',
                case when tp.type = 'sms.message.outbound' then c.actor end,
                c.id, gen_random_uuid(), tp.data
           from generate_series(0, $1::int - 1) g
           join bench_seed_clients c on c.k = g % $2::int
           cross join lateral (
             select case
                      when g % 20 < 9 then 'sms.message.inbound'
                      when g % 20 < 18 then 'sms.message.outbound'
                      when g % 20 = 18 then 'sms.message.delivery_failed'
                      when (g / 20) % 2 = 0 then 'sms.client.opted_out'
                      else 'sms.client.opted_in' end as type,
                    case
                      when g % 20 < 9 then '{"from":"+19715550142","to":"+15035550100","segments":1,"keyword":null,"possibleOptOut":false,"matched":true,"receivedWhilePaused":false}'::jsonb
                      when g % 20 < 18 then '{"to":"+19715550142","from":"+15035550100","segments":1,"encoding":"GSM-7","includesDisclosure":false,"templateId":null}'::jsonb
                      when g % 20 = 18 then '{"errorCode":"30003","reason":"The recipient’s phone is unreachable.","status":"undelivered"}'::jsonb
                      else '{"via":"keyword","keyword":"STOP","reason":null}'::jsonb end as data
           ) tp`,
        [activityPerFirm, clientsPerFirm],
      );
    },
    log,
  );

  await db.query('drop table bench_seed_firms, bench_seed_clients');
  const started = Date.now();
  await db.query('vacuum analyze clients, messages, threads, activity_log');
  log(`  vacuum analyze in ${Date.now() - started} ms`);
}

module.exports = { seedReads };
