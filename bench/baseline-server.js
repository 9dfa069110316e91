#!/usr/bin/env node
/**
 * The bare baselines every figure of `npm run bench` is measured against: node:http + pg doing
 * the same durable minimum as the product, in one process, on the same database. No framework,
 * no auth, no matching, no compliance, no activity: the floor, not a competitor.
 *
 *   POST /webhooks/twilio/sms   Twilio signature check, one idempotent INSERT, a TwiML answer.
 *   POST /outbound              one transaction: the message row and its job row; 202.
 *   GET  /reads/thread          a thread page: the keyset query the product runs.
 *   GET  /reads/threads         the inbox: threads page, their last messages, names, unread counts.
 *   GET  /reads/audit           a filtered audit page of the activity log.
 *   POST /dispatch              drains N jobs to a carrier URL, 20 claimed at a time with
 *                               SKIP LOCKED, one HTTP call and one UPDATE each; answers msg/s.
 */
const http = require('node:http');
const { randomUUID } = require('node:crypto');
const { Pool } = require('pg');
const twilio = require('twilio');

const port = Number(process.env.PORT ?? 0);
const authToken = process.env.TWILIO_AUTH_TOKEN;
const publicUrl = `${process.env.PUBLIC_BASE_URL}/webhooks/twilio/sms`;
// The product's pool is 10 connections per process as well. Idle connections are kept: a pool
// that closes them (pg's default, after 10 s) ends ten backends at once, and on a 2-core machine
// their exits take both cores for tens of milliseconds in whatever run is measured next.
const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  idleTimeoutMillis: 0,
});

const SCHEMA = [
  `create table if not exists bench_baseline_inbound (message_sid text primary key,
     from_number text not null, to_number text not null, body text not null,
     received_at timestamptz not null default now())`,
  `create table if not exists bench_baseline_outbound (id uuid primary key, client_id uuid not null,
     body text not null, status text not null, carrier_sid text,
     created_at timestamptz not null default now())`,
  `create table if not exists bench_baseline_jobs (id bigserial primary key, message_id uuid not null,
     state text not null default 'created', created_at timestamptz not null default now())`,
  `create index if not exists bench_baseline_jobs_created on bench_baseline_jobs (id) where state = 'created'`,
];

function readBody(req) {
  return new Promise((resolve) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => resolve(raw));
  });
}

function json(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function inbound(req, res) {
  const params = Object.fromEntries(new URLSearchParams(await readBody(req)));
  if (
    !twilio.validateRequest(authToken, req.headers['x-twilio-signature'] ?? '', publicUrl, params)
  ) {
    res.writeHead(403).end();
    return;
  }
  await pool.query(
    'insert into bench_baseline_inbound (message_sid, from_number, to_number, body) values ($1, $2, $3, $4) on conflict do nothing',
    [params.MessageSid, params.From, params.To, params.Body ?? ''],
  );
  res.writeHead(200, { 'Content-Type': 'text/xml' }).end('<Response/>');
}

async function outbound(req, res) {
  const body = JSON.parse(await readBody(req));
  const id = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into bench_baseline_outbound (id, client_id, body, status) values ($1, $2, $3, 'queued')`,
      [id, body.clientId, body.body],
    );
    await client.query('insert into bench_baseline_jobs (message_id) values ($1)', [id]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
  json(res, 202, { id, status: 'queued' });
}

async function threadPage(url, res) {
  const { rows } = await pool.query(
    `select * from messages where firm_id = $1 and client_id = $2
      order by created_at desc, id desc limit 51`,
    [url.searchParams.get('firm'), url.searchParams.get('client')],
  );
  json(res, 200, { items: rows.slice(0, 50), nextCursor: rows.length > 50 ? rows[49].id : null });
}

async function threadsList(url, res) {
  const firm = url.searchParams.get('firm');
  const member = url.searchParams.get('member');
  const { rows: threads } = await pool.query(
    `select * from threads where firm_id = $1 order by last_message_at desc, client_id desc limit 51`,
    [firm],
  );
  const page = threads.slice(0, 50);
  const clientIds = page.map((t) => t.client_id);
  const [messages, clients, unread] = await Promise.all([
    pool.query('select * from messages where firm_id = $1 and id = any($2::uuid[])', [
      firm,
      page.map((t) => t.last_message_id),
    ]),
    pool.query('select id, name from clients where firm_id = $1 and id = any($2::uuid[])', [
      firm,
      clientIds,
    ]),
    pool.query(
      `select m.client_id, count(*)::int as unread from messages m
         left join thread_reads r on r.client_id = m.client_id and r.member_id = $2
        where m.firm_id = $1 and m.client_id = any($3::uuid[]) and m.direction = 'inbound'
          and (r.read_at is null or m.created_at > r.read_at)
        group by m.client_id`,
      [firm, member, clientIds],
    ),
  ]);
  json(res, 200, {
    items: page,
    messages: messages.rows,
    clients: clients.rows,
    unread: unread.rows,
  });
}

async function auditPage(url, res) {
  const { rows } = await pool.query(
    `select id, seq, type, occurred_at, actor_id, client_id, message_id, data from activity_log
      where firm_id = $1 and type = $2 and occurred_at >= $3
      order by occurred_at desc, seq desc limit 51`,
    [url.searchParams.get('firm'), url.searchParams.get('type'), url.searchParams.get('from')],
  );
  json(res, 200, { items: rows.slice(0, 50) });
}

/** The dispatch floor: claim 20, call the carrier for each, record each; repeat until empty. */
async function dispatch(req, res) {
  const {
    count,
    carrierUrl,
    accountSid,
    authToken: carrierToken,
  } = JSON.parse(await readBody(req));
  await pool.query('truncate bench_baseline_jobs');
  await pool.query(
    `insert into bench_baseline_outbound (id, client_id, body, status)
       select gen_random_uuid(), gen_random_uuid(), 'Baseline dispatch ' || g, 'queued' from generate_series(1, $1) g
     returning id`,
    [count],
  );
  await pool.query(
    `insert into bench_baseline_jobs (message_id)
       select id from bench_baseline_outbound where status = 'queued' and body like 'Baseline dispatch %'`,
  );
  const auth = `Basic ${Buffer.from(`${accountSid}:${carrierToken}`).toString('base64')}`;
  const started = Date.now();
  let sent = 0;
  for (;;) {
    const { rows: jobs } = await pool.query(
      `update bench_baseline_jobs set state = 'active'
        where id in (select id from bench_baseline_jobs where state = 'created' order by id
                      for update skip locked limit 20)
        returning id, message_id`,
    );
    if (jobs.length === 0) break;
    await Promise.all(
      jobs.map(async (job) => {
        const { rows } = await pool.query(
          `update bench_baseline_outbound set status = 'sending' where id = $1 returning body`,
          [job.message_id],
        );
        const answer = await fetch(
          `${carrierUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`,
          {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
              To: '+19715550100',
              From: '+15035550199',
              Body: rows[0].body,
            }),
          },
        );
        const { sid } = await answer.json();
        await pool.query(
          `update bench_baseline_outbound set status = 'sent', carrier_sid = $2 where id = $1`,
          [job.message_id, sid],
        );
        await pool.query(`update bench_baseline_jobs set state = 'completed' where id = $1`, [
          job.id,
        ]);
        sent++;
      }),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  json(res, 200, { messages: sent, seconds, perSecond: Math.round(sent / seconds) });
}

async function route(req, res) {
  const url = new URL(req.url, 'http://baseline');
  if (req.method === 'POST' && url.pathname === '/webhooks/twilio/sms') return inbound(req, res);
  if (req.method === 'POST' && url.pathname === '/outbound') return outbound(req, res);
  if (req.method === 'GET' && url.pathname === '/reads/thread') return threadPage(url, res);
  if (req.method === 'GET' && url.pathname === '/reads/threads') return threadsList(url, res);
  if (req.method === 'GET' && url.pathname === '/reads/audit') return auditPage(url, res);
  if (req.method === 'POST' && url.pathname === '/dispatch') return dispatch(req, res);
  res.writeHead(404).end();
}

async function main() {
  for (const statement of SCHEMA) await pool.query(statement);
  const server = http.createServer((req, res) => {
    route(req, res).catch((error) => {
      process.stderr.write(`baseline: ${error.message}\n`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.listen(port, '127.0.0.1', () =>
    process.stdout.write(`listening ${server.address().port}\n`),
  );
  process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
}

main().catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
