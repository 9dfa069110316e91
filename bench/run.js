#!/usr/bin/env node
/**
 * `npm run bench`: the hot paths measured on a real PostgreSQL (DATABASE_URL, default the local
 * server), each beside a bare baseline in the same run, so ratios survive a noisy machine.
 * Prints a table and writes bench/results/bench-<time>.json. Loopback only, bounded in time.
 */
const { spawn, execFileSync } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const { readFileSync, mkdirSync, writeFileSync } = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const autocannon = require('autocannon');
const twilio = require('twilio');
const { Client } = require('pg');

const root = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ACCOUNT_SID = `AC${'b'.repeat(32)}`;
const AUTH_TOKEN = 'bench-auth-token';
const PUBLIC_BASE_URL = 'https://bench.assurepro.test';
const PLATFORM_TOKEN = 'bench-platform-token-0123456789';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `aps_bench_${Date.now().toString(36)}`;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const children = [];
function run(script, env, label) {
  const child = spawn(process.execPath, [path.join(root, script)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  child.label = label;
  child.output = () => out;
  children.push(child);
  return child;
}

async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A carrier that answers like Twilio after ~20 ms: enough to measure our side, not theirs. */
function startFakeCarrier() {
  let sent = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const json = (status, value) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.url.includes('/AvailablePhoneNumbers/')) {
        return json(200, {
          available_phone_numbers: [
            {
              phone_number: '+15035550199',
              friendly_name: '(503) 555-0199',
              locality: 'Portland',
              region: 'OR',
              capabilities: { SMS: true },
            },
          ],
          page: 0,
          page_size: 10,
          next_page_uri: null,
        });
      }
      if (req.url.includes('/IncomingPhoneNumbers')) {
        if (req.method === 'DELETE') return res.writeHead(204).end();
        const form = new URLSearchParams(body);
        return json(201, {
          sid: `PN${randomBytes(16).toString('hex')}`,
          phone_number: form.get('PhoneNumber'),
          sms_url: form.get('SmsUrl'),
        });
      }
      if (req.url.endsWith('/Messages.json')) {
        sent++;
        const form = new URLSearchParams(body);
        return setTimeout(
          () =>
            json(201, {
              sid: `SM${randomBytes(16).toString('hex')}`,
              status: 'queued',
              num_segments: '1',
              to: form.get('To'),
              from: form.get('From'),
              body: form.get('Body'),
              error_code: null,
              date_created: new Date().toUTCString(),
            }),
          20,
        );
      }
      json(404, { code: 20404, message: 'not found', status: 404 });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${server.address().port}`, sent: () => sent }),
    ),
  );
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

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Unique, correctly signed inbound webhooks from a pool of client phones. */
function inboundRequests(to, phones) {
  const url = `${PUBLIC_BASE_URL}/webhooks/twilio/sms`;
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/webhooks/twilio/sms',
      setupRequest: (req) => {
        n++;
        const params = {
          MessageSid: `SM${randomBytes(16).toString('hex')}`,
          AccountSid: ACCOUNT_SID,
          From: phones[n % phones.length],
          To: to,
          Body: `Bench reply ${n}`,
          NumSegments: '1',
          NumMedia: '0',
          SmsStatus: 'received',
          ApiVersion: '2010-04-01',
        };
        req.body = new URLSearchParams(params).toString();
        req.headers = {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
        };
        return req;
      },
    },
  ];
}

function load(url, options) {
  return new Promise((resolve, reject) => {
    autocannon({ url, duration: SECONDS, connections: CONNECTIONS, ...options }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

const summarize = (r) => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
});

async function main() {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: 'inherit' });
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const results = {
    startedAt: new Date().toISOString(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    figures: {},
  };
  const carrier = await startFakeCarrier();
  try {
    const env = {
      DATABASE_URL: dbUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: carrier.url,
      PUBLIC_BASE_URL,
      LOG_LEVEL: 'warn',
    };
    execFileSync(process.execPath, [path.join(root, 'dist/apps/api/src/cli/migrate.js')], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });

    const apiPort = 3400 + Math.floor(Math.random() * 500);
    const apiProc = run(
      'dist/apps/api/src/main.js',
      { ...env, PORT: String(apiPort), RUN_WORKERS: 'false' },
      'api',
    );
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor(async () => (await fetch(`${base}/health/ready`)).ok, 'the API');

    const basePort = apiPort + 600;
    const baseline = run(
      'bench/baseline-server.js',
      {
        DATABASE_URL: dbUrl,
        PORT: String(basePort),
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        PUBLIC_BASE_URL,
      },
      'baseline',
    );
    const baselineUrl = `http://127.0.0.1:${basePort}`;
    await waitFor(() => /listening/.test(baseline.output()), 'the baseline');

    // A firm with a number and a pool of clients.
    const email = `owner-${randomUUID().slice(0, 8)}@bench.test`;
    await api(base, 'POST', '/api/platform/firms', PLATFORM_TOKEN, {
      name: 'Bench & Co CPAs',
      owner: { email, name: 'Bench Owner', password: 'bench password 123' },
    });
    const { accessToken } = await api(base, 'POST', '/api/auth/login', null, {
      email,
      password: 'bench password 123',
    });
    const number = await api(base, 'POST', '/api/sms/number', accessToken, {
      phoneNumber: '+15035550199',
    });
    const phones = [];
    const clientIds = [];
    for (let i = 0; i < 200; i++) {
      const phone = `+1971555${String(1000 + i).padStart(4, '0')}`;
      const client = await api(base, 'POST', '/api/clients', accessToken, {
        name: `Client ${i}`,
        phone,
      });
      phones.push(phone);
      clientIds.push(client.id);
    }

    // 1. Inbound webhook: peak at fixed concurrency, then p99 at half the peak rate.
    let rss = 0;
    const sampler = setInterval(() => (rss = Math.max(rss, peakRssMb(apiProc.pid))), 200);
    const projectPeak = summarize(
      await load(base, { requests: inboundRequests(number.phoneNumber, phones) }),
    );
    const baselinePeak = summarize(
      await load(baselineUrl, { requests: inboundRequests(number.phoneNumber, phones) }),
    );
    const half = Math.max(1, Math.floor(projectPeak.rps / 2));
    const projectHalf = summarize(
      await load(base, {
        requests: inboundRequests(number.phoneNumber, phones),
        overallRate: half,
      }),
    );
    clearInterval(sampler);
    rss = Math.max(rss, peakRssMb(apiProc.pid));
    results.figures.inbound = {
      project: projectPeak,
      baseline: baselinePeak,
      throughputRatio: +(projectPeak.rps / baselinePeak.rps).toFixed(2),
      atHalfPeak: { rate: half, ...projectHalf },
      targets: { throughputRatio: '>= 0.6', p99AtHalfPeakMs: '< 25' },
    };
    results.figures.peakRssMb = { value: Math.round(rss), target: '< 300' };

    // 2. Outbound accept, workers off so only the accept path is measured.
    let k = 0;
    const accept = summarize(
      await load(base, {
        connections: 10,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => {
              k++;
              req.path = `/api/clients/${clientIds[k % clientIds.length]}/messages`;
              req.body = JSON.stringify({
                channel: 'sms',
                body: `Your documents are ready (${k}).`,
              });
              req.headers = {
                'content-type': 'application/json',
                authorization: `Bearer ${accessToken}`,
              };
              return req;
            },
          },
        ],
      }),
    );
    results.figures.outboundAccept = { ...accept, target: { p99Ms: '< 25' } };

    // 3. Dispatch: one worker drains the queued messages against the ~20 ms carrier.
    const db = new Client({ connectionString: dbUrl });
    await db.connect();
    const pending = async () =>
      Number(
        (
          await db.query(
            "select count(*) from messages where direction = 'outbound' and status in ('queued', 'sending')",
          )
        ).rows[0].count,
      );
    const queued = await pending();
    const startedDispatch = Date.now();
    run('dist/apps/worker/src/main.js', env, 'worker');
    await waitFor(async () => (await pending()) === 0, 'the dispatch queue to drain', 600_000);
    const seconds = (Date.now() - startedDispatch) / 1000;
    results.figures.dispatch = {
      messages: queued,
      seconds: +seconds.toFixed(1),
      perSecond: Math.round(queued / seconds),
      carrierCalls: carrier.sent(),
      target: '>= 500 msg/s',
    };
    await db.end();

    console.table({
      'inbound (project)': projectPeak,
      'inbound (baseline)': baselinePeak,
      [`inbound at ${half}/s`]: projectHalf,
      'outbound accept': accept,
    });
    console.log(JSON.stringify(results.figures, null, 2));
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    carrier.server.close();
    await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end();
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    const file = path.join(root, `bench/results/bench-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    console.log(`wrote ${path.relative(root, file)}`);
  }
}

main().catch((error) => {
  console.error(error);
  for (const child of children) {
    console.error(`--- ${child.label}\n${child.output().slice(-2000)}`);
    child.kill('SIGKILL');
  }
  process.exit(1);
});
