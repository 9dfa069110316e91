#!/usr/bin/env node
/**
 * The inbound webhook alone under load: the built API on a scratch database of a real
 * PostgreSQL (DATABASE_URL, default the local server), a firm with a sandbox number and 200
 * clients, then autocannon posting uniquely signed Twilio webhooks — mostly replies from known
 * clients, some from unknown numbers (Unmatched) and some keywords. The same load then goes to
 * bench/baseline-server.js (signature check + one INSERT, no framework) on the same database, so
 * the figures can be read against the machine's floor. Prints p50/p99 latency and throughput;
 * loopback only, bounded in time (BENCH_SECONDS, BENCH_CONNECTIONS).
 */
const { spawn, execFileSync } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const net = require('node:net');
const path = require('node:path');
const autocannon = require('autocannon');
const twilio = require('twilio');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const AUTH_TOKEN = 'bench-inbound-auth-token';
const PUBLIC_BASE_URL = 'https://bench.assurepro.test';
const PLATFORM_TOKEN = 'bench-platform-token-0123456789';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `aps_bench_inbound_${Date.now().toString(36)}`;
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${dbName}` }).toString();

async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port nothing listens on right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function api(base, method, route, token, body) {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${route} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Every request a fresh MessageSid, signed over the public URL as Twilio would sign it. */
function signedInbound(to, phones) {
  const url = `${PUBLIC_BASE_URL}/webhooks/twilio/sms`;
  let n = 0;
  return {
    method: 'POST',
    path: '/webhooks/twilio/sms',
    setupRequest: (req) => {
      n++;
      // 1 in 10 from an unknown number, 1 in 50 a keyword, the rest ordinary client replies.
      const from =
        n % 10 === 0 ? `+1503${String(2000000 + n).slice(-7)}` : phones[n % phones.length];
      const body = n % 50 === 0 ? 'HELP' : `Thanks, I will send the 1099 today (${n}).`;
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const params = {
        ToCountry: 'US',
        SmsMessageSid: sid,
        NumMedia: '0',
        SmsSid: sid,
        SmsStatus: 'received',
        Body: body,
        To: to,
        NumSegments: '1',
        MessageSid: sid,
        AccountSid: `AC${'b'.repeat(32)}`,
        From: from,
        ApiVersion: '2010-04-01',
      };
      req.body = new URLSearchParams(params).toString();
      req.headers = {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
      };
      return req;
    },
  };
}

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: 'inherit' });
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const servers = [];
  try {
    const env = {
      ...process.env,
      DATABASE_URL: dbUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
      CARRIER: 'sandbox',
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      PUBLIC_BASE_URL,
      LOG_LEVEL: 'warn',
    };
    execFileSync(process.execPath, [path.join(root, 'dist/apps/api/src/cli/migrate.js')], {
      env,
      stdio: 'inherit',
    });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // A first start on a fresh database creates the job queues; when that fails (pg-boss can
    // deadlock creating several at once) the process exits, and a second start finds them made.
    for (let attempt = 1; ; attempt++) {
      const api = spawn(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      servers.push(api);
      const ready = await waitFor(
        async () => api.exitCode !== null || (await fetch(`${base}/health/ready`)).ok,
        'the API',
      ).then(() => api.exitCode === null);
      if (ready) break;
      if (attempt === 3) throw new Error('the API did not start');
    }

    const email = `owner-${randomUUID().slice(0, 8)}@bench.test`;
    const password = 'bench password 123';
    await api(base, 'POST', '/api/platform/firms', PLATFORM_TOKEN, {
      name: 'Bench & Co CPAs',
      owner: { email, name: 'Bench Owner', password },
    });
    const { accessToken } = await api(base, 'POST', '/api/auth/login', null, { email, password });
    const offered = await api(base, 'GET', '/api/sms/available-numbers', accessToken);
    const number = await api(base, 'POST', '/api/sms/number', accessToken, {
      phoneNumber: offered.numbers[0].phoneNumber,
    });
    const phones = [];
    for (let i = 0; i < 200; i++) {
      const phone = `+1971555${String(1000 + i).padStart(4, '0')}`;
      await api(base, 'POST', '/api/clients', accessToken, { name: `Client ${i}`, phone });
      phones.push(phone);
    }

    // A short warm-up so the JIT and the connection pool are not what gets measured.
    await run(base, number.phoneNumber, phones, 2);
    const figures = summarize(await run(base, number.phoneNumber, phones, SECONDS));
    // Latency below saturation: the same connections held to half the rate just measured.
    const halfRate = Math.max(1, Math.floor(figures.rps / 2));
    const atHalf = summarize(
      await run(base, number.phoneNumber, phones, SECONDS, { overallRate: halfRate }),
    );

    const basePort = await freePort();
    const baseline = spawn(process.execPath, [path.join(root, 'bench/baseline-server.js')], {
      env: { ...env, PORT: String(basePort) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    servers.push(baseline);
    const baseUrl = `http://127.0.0.1:${basePort}`;
    await waitFor(async () => (await fetch(baseUrl)).status > 0, 'the baseline');
    await run(baseUrl, number.phoneNumber, phones, 2);
    const floor = summarize(await run(baseUrl, number.phoneNumber, phones, SECONDS));
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    const stored = await db.query(
      "select count(*)::int as n, count(*) filter (where client_id is null)::int as unmatched from messages where direction = 'inbound'",
    );
    await db.end();
    console.log(
      JSON.stringify(
        {
          seconds: SECONDS,
          connections: CONNECTIONS,
          inboundWebhook: figures,
          inboundWebhookAtHalfRate: { rate: halfRate, ...atHalf },
          baseline: floor,
          throughputRatio: +(figures.rps / floor.rps).toFixed(2),
          stored: stored.rows[0],
        },
        null,
        2,
      ),
    );
  } finally {
    for (const server of servers) {
      if (server.exitCode !== null || server.signalCode !== null) continue;
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end();
  }
}

const summarize = (result) => ({
  requests: result.requests.total,
  rps: Math.round(result.requests.average),
  p50Ms: result.latency.p50,
  p90Ms: result.latency.p90,
  p99Ms: result.latency.p99,
  maxMs: result.latency.max,
  non2xx: result.non2xx,
  errors: result.errors,
});

function run(base, to, phones, seconds, options = {}) {
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: base,
        duration: seconds,
        connections: CONNECTIONS,
        requests: [signedInbound(to, phones)],
        ...options,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
