#!/usr/bin/env node
/**
 * `npm run bench`: the hot paths measured on a real PostgreSQL (DATABASE_URL, default the local
 * server), each beside a bare baseline in the same run (bench/baseline-server.js), so ratios
 * survive a noisy machine. Prints a table and writes bench/results/bench-<time>.json. Loopback
 * only, bounded in time.
 *
 *   BENCH_SECONDS (10)        length of each load phase
 *   BENCH_CONNECTIONS (50)    concurrency of the inbound peak
 *   BENCH_READ_SECONDS (5)    length of each read measurement (one member, one connection)
 *   BENCH_SCALE (1)           the reads data set: 1 = 1,000 firms, 1M messages, 10M activity rows
 *   BENCH_CPU_PROF (unset)    1 = run the API with --cpu-prof and print where its time went
 *   BENCH_ONLY (all)          comma-separated phases: inbound,outbound,dispatch,reads
 *   BENCH_NODE_OPTIONS        NODE_OPTIONS of the API and worker; default: the production image's
 *                             (Dockerfile), so memory is measured as deployed; empty = Node's own
 *   BENCH_NO_BUILD (unset)    1 = measure dist/ as it is (after a manual build or an experiment)
 */
const { spawn, execFileSync } = require('node:child_process');
const { randomBytes, randomUUID } = require('node:crypto');
const { readFileSync, readdirSync, mkdirSync, statSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const http = require('node:http');
const path = require('node:path');
const autocannon = require('autocannon');
const twilio = require('twilio');
const { Client } = require('pg');
const { seedReads } = require('./seed-reads');
const { summarizeProfiles } = require('./profile-summary');
const { pacedLoad } = require('./paced-load');
const { startDiskProbe, summarizeFlushes } = require('./disk-probe');
const { NODE_FLAGS } = require('../scripts/node-flags');

const root = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const READ_SECONDS = Number(process.env.BENCH_READ_SECONDS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CPU_PROF = process.env.BENCH_CPU_PROF === '1';
/** NODE_OPTIONS the production image gives every process (Dockerfile `ENV NODE_OPTIONS`). */
const IMAGE_NODE_OPTIONS = (/^ENV NODE_OPTIONS="([^"]*)"/m.exec(
  readFileSync(path.join(__dirname, '..', 'Dockerfile'), 'utf8'),
) ?? [])[1];
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? IMAGE_NODE_OPTIONS ?? '';
/** How many alternating slices the inbound peaks are taken in (see `alternatingPeaks`). */
const PEAK_SLICES = Math.max(1, Math.round(SECONDS / 2));
const ONLY = new Set((process.env.BENCH_ONLY ?? 'inbound,outbound,dispatch,reads').split(','));
const READS = {
  firms: Math.max(2, Math.round(1000 * SCALE)),
  clientsPerFirm: 100,
  messagesPerClient: 10,
  activityPerFirm: 10_000,
};
const ACCOUNT_SID = `AC${'b'.repeat(32)}`;
const AUTH_TOKEN = 'bench-auth-token';
const PUBLIC_BASE_URL = 'https://bench.assurepro.test';
const PLATFORM_TOKEN = 'bench-platform-token-0123456789';
const PASSWORD = 'bench password 123';
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const stamp = Date.now();
const dbName = `aps_bench_${stamp.toString(36)}`;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();
const resultsDir = path.join(root, 'bench/results');
const profileDir = path.join(resultsDir, `cpu-${stamp}`);

const log = (line) => process.stdout.write(`${line}\n`);

const children = [];
function run(script, env, label, nodeArgs = []) {
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d) => (out = (out + d).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.label = label;
  child.output = () => out;
  child.exited = new Promise((resolve) => child.once('exit', resolve));
  children.push(child);
  return child;
}

/**
 * The API's heap as its /metrics reports it (prom-client's default metrics): full (mark-compact)
 * collections so far and the old generation's size. A full collection pauses every request in
 * flight and takes CPU from everything else on the machine, so how many fell in a measured run
 * explains much of its tail.
 */
async function heapOf(base) {
  const text = await (await fetch(`${base}/metrics`)).text();
  // A kind of collection that has not happened yet has no line.
  const value = (pattern) => Number((pattern.exec(text) ?? [])[1] ?? 0);
  return {
    fullGcs: value(/^nodejs_gc_duration_seconds_count\{kind="major"\} (\S+)$/m),
    oldMb: value(/^nodejs_heap_space_size_used_bytes\{space="old"\} (\S+)$/m) / 1e6,
  };
}

function heapChange(before, after) {
  return {
    fullGcs: after.fullGcs - before.fullGcs,
    oldGenerationMb: { before: +before.oldMb.toFixed(1), after: +after.oldMb.toFixed(1) },
  };
}

function heapNote(heap) {
  const { before, after } = heap.oldGenerationMb;
  return `API full GCs during the run: ${heap.fullGcs} (old generation ${before} -> ${after} MB)`;
}

/**
 * A load with the machine probe beside it (bench/disk-probe.js): a second whose p99 jumps while
 * the probe stalled too was the machine's, not the server's. A paced run says which seconds it
 * measured (after its warm-up); a closed-loop one, the reads, measured all of them.
 */
async function withProbe(work) {
  const probe = startDiskProbe(os.tmpdir());
  const started = Date.now();
  let result;
  try {
    result = await work();
  } finally {
    const samples = await probe.stop();
    if (result) {
      const from = result.measuredFrom ?? started;
      const seconds = result.measuredSeconds ?? Math.ceil((Date.now() - from) / 1000);
      result.probe = summarizeFlushes(samples, from, Math.max(1, seconds));
    }
  }
  return result;
}

/** The worst the probe saw during a run: its timer's lateness and its slowest flush. */
const probeWorst = (probe) => ({
  timerLateMs: Math.max(0, ...probe.timerLateBySecond),
  flushMs: probe.maxMs,
});

/** Node's arguments for the API and the worker: the launchers' V8 flags, and a profile when asked. */
const processArgs = (profileTo) => [
  ...NODE_FLAGS,
  ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profileTo}`] : []),
];

/** Whether the probe's flushes go to the disk that holds PostgreSQL's data (null: unknown). */
async function probeOnDatabaseDisk(db) {
  try {
    const { rows } = await db.query('show data_directory');
    return statSync(rows[0].data_directory).dev === statSync(os.tmpdir()).dev;
  } catch {
    // Reading the setting needs pg_read_all_settings, and the directory may not be ours to stat.
    return null;
  }
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await child.exited;
  clearTimeout(timer);
}

/**
 * The staff alerts of received texts, which the worker fans out from jobs the inbound
 * transactions queue: how long it takes to catch up, and whether every text got its alert.
 */
async function inboundAlerts(url) {
  const db = new Client({ connectionString: url });
  db.on('error', () => undefined);
  await db.connect();
  const backlog = async () =>
    Number(
      (
        await db.query(
          `select count(*) from pgboss.job
            where name in ('notifications.inbound', 'notifications.email')
              and state in ('created', 'retry', 'active')`,
        )
      ).rows[0].count,
    );
  return {
    /** Seconds until no alert job waits: every in-app alert stored, every email sent. */
    async caughtUp() {
      const started = Date.now();
      // Polled twice a second: the count scans the queue's table, and the drain is timed.
      await waitFor(async () => (await backlog()) === 0, 'the worker to catch up', 600_000, 500);
      return +((Date.now() - started) / 1000).toFixed(1);
    },
    /** Received texts whose alerts wait for the worker. */
    async texts() {
      const { rows } = await db.query(
        `select coalesce(sum(jsonb_array_length(data->'texts')), 0)::int as n from pgboss.job
          where name = 'notifications.inbound' and state in ('created', 'retry', 'active')`,
      );
      return rows[0].n;
    },
    async check(firmId) {
      const { rows } = await db.query(
        `select count(*)::int as texts,
                (select count(*)::int from notifications where firm_id = $1) as notifications,
                count(*) filter (where alerted.message_id is null)::int as missing
           from messages m
           left join (select distinct message_id from notifications where firm_id = $1) alerted
             on alerted.message_id = m.id
          where m.firm_id = $1 and m.direction = 'inbound' and not m.received_while_paused`,
        [firmId],
      );
      return rows[0];
    },
    close: () => db.end(),
  };
}

/**
 * Lets the database settle between measured phases: the previous phase's writes are flushed
 * and its tables vacuumed, so one phase does not pay for autovacuum or a checkpoint the
 * previous one caused.
 */
async function settle() {
  const c = new Client({ connectionString: dbUrl });
  await c.connect();
  try {
    await c.query('vacuum analyze');
    await c.query('checkpoint');
  } finally {
    await c.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

/** A loopback port nothing listens on (other services on this machine hold some). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = require('node:net').createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check, what, timeoutMs = 60_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A carrier that answers like Twilio after ~20 ms: enough to measure our side, not theirs. */
function startFakeCarrier() {
  let sent = 0;
  let firstAt = 0;
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
          capabilities: { sms: true },
        });
      }
      if (req.url.endsWith('/Messages.json')) {
        sent++;
        firstAt ||= Date.now();
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
      resolve({
        server,
        url: `http://127.0.0.1:${server.address().port}`,
        sent: () => sent,
        firstAt: () => firstAt,
      }),
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

/** A firm and its owner, signed in, through the platform API. */
async function provision(base, name) {
  const email = `owner-${randomUUID().slice(0, 8)}@bench.test`;
  const firm = await api(base, 'POST', '/api/platform/firms', PLATFORM_TOKEN, {
    name,
    owner: { email, name: 'Bench Owner', password: PASSWORD },
  });
  const { accessToken } = await api(base, 'POST', '/api/auth/login', null, {
    email,
    password: PASSWORD,
  });
  return { id: firm.id, ownerId: firm.ownerId, token: accessToken };
}

/** CPU seconds (user + system) a process has used so far. */
function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Signed Twilio inbound webhooks, each with a new MessageSid, from a pool of client phones. */
function inboundWebhooks(to, phones) {
  const url = `${PUBLIC_BASE_URL}/webhooks/twilio/sms`;
  let n = 0;
  return () => {
    n++;
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const params = {
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: ACCOUNT_SID,
      From: phones[n % phones.length],
      To: to,
      Body: `Bench reply ${n}`,
      NumSegments: '1',
      NumMedia: '0',
      SmsStatus: 'received',
      ApiVersion: '2010-04-01',
    };
    return {
      method: 'POST',
      path: '/webhooks/twilio/sms',
      body: new URLSearchParams(params).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
      },
    };
  };
}

/** autocannon requests built by `next()` one at a time. */
function cannonRequests(next) {
  return [
    {
      method: 'POST',
      setupRequest: (req) => {
        const built = next();
        req.method = built.method;
        req.path = built.path;
        req.body = built.body;
        req.headers = built.headers;
        return req;
      },
    },
  ];
}

/** GETs as one member, rotating over `paths`. */
function readRequests(paths, token) {
  let n = 0;
  return [
    {
      method: 'GET',
      setupRequest: (req) => {
        req.path = paths[n++ % paths.length];
        req.headers = token ? { authorization: `Bearer ${token}` } : {};
        return req;
      },
    },
  ];
}

/** autocannon at fixed concurrency; `onLatency` sees each response's time in ms. */
function load(url, options, onLatency) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url, duration: SECONDS, connections: CONNECTIONS, ...options },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (onLatency) instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms));
  });
}

/**
 * The peaks of the product and the baseline at the same concurrency, taken in alternating slices
 * (product, baseline, product, …) instead of one whole run after the other. This machine's speed
 * drifts by as much as half within a minute, so two runs taken apart compare two phases of the
 * machine as much as two servers; slices side by side share them. Each side's figures are over
 * all its slices: requests over time, percentiles over every latency, CPU and WAL per request
 * over every request, the highest RSS. `sides` are `{ pid, url, options() }`.
 */
async function alternatingPeaks(sides, slices) {
  const seconds = SECONDS / slices;
  const taken = sides.map(() => []);
  for (let i = 0; i < slices; i++) {
    for (const [k, side] of sides.entries()) {
      const latencies = [];
      const run = await watched(side.pid, () =>
        load(side.url, { ...side.options(), duration: seconds }, (ms) => latencies.push(ms)),
      );
      taken[k].push({ run, latencies });
    }
  }
  return taken.map((slicesOfSide) => {
    const requests = (s) => s.run.result.requests.total;
    const total = slicesOfSide.reduce((sum, s) => sum + requests(s), 0);
    const perRequest = (field) =>
      total > 0
        ? +(
            slicesOfSide.reduce((sum, s) => sum + (s.run[field] ?? 0) * requests(s), 0) / total
          ).toFixed(3)
        : null;
    const latencies = slicesOfSide.flatMap((s) => s.latencies).sort((a, b) => a - b);
    const at = (q) =>
      Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
    const idle = slicesOfSide.map((s) => s.run.machineIdle).filter((v) => v !== null);
    return {
      result: {
        rps: Math.round(total / SECONDS),
        p50: at(0.5),
        p99: at(0.99),
        requests: total,
        non2xx: slicesOfSide.reduce((sum, s) => sum + s.run.result.non2xx, 0),
        errors: slicesOfSide.reduce(
          (sum, s) => sum + s.run.result.errors + s.run.result.timeouts,
          0,
        ),
        slices: slicesOfSide.map((s) => Math.round(requests(s) / seconds)),
      },
      peak: Math.max(...slicesOfSide.map((s) => s.run.peak)),
      cpuPerRequest: perRequest('cpuPerRequest'),
      postgresCpuPerRequest: perRequest('postgresCpuPerRequest'),
      walBytesPerRequest: Math.round(perRequest('walBytesPerRequest') ?? 0) || null,
      machineIdle: idle.length ? +(idle.reduce((a, b) => a + b, 0) / idle.length).toFixed(2) : null,
      postgresProcesses: {
        ended: slicesOfSide.reduce((sum, s) => sum + s.run.postgresProcesses.ended, 0),
        began: slicesOfSide.reduce((sum, s) => sum + s.run.postgresProcesses.began, 0),
      },
    };
  });
}

const summarize = (r) => ({
  rps: Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  requests: r.requests.total,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
});

/** Clock ticks per second of /proc/<pid>/stat's CPU times. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a process has used so far, in ms. */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/**
 * CPU time used so far by every PostgreSQL process on this machine (backends, WAL writer,
 * checkpointer), by pid: the database's share of a measurement.
 */
function postgresCpuMs() {
  const byPid = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') {
        byPid.set(entry, cpuMs(entry));
      }
    } catch {
      // gone between the listing and the read
    }
  }
  return byPid;
}

/** CPU the PostgreSQL processes used between two `postgresCpuMs()` readings, in ms. */
function postgresCpuSince(before, after = postgresCpuMs()) {
  let used = 0;
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
  return used;
}

/**
 * PostgreSQL processes that ended and began between two `postgresCpuMs()` readings. A pool that
 * closes its idle connections ends their backends together, and on a small machine their exits
 * hold the CPUs for tens of milliseconds: a run where many ended had that in its tail.
 */
function postgresChurn(before, after) {
  let ended = 0;
  for (const pid of before.keys()) if (!after.has(pid)) ended++;
  let began = 0;
  for (const pid of after.keys()) if (!before.has(pid)) began++;
  return { ended, began };
}

/** The machine's CPU time so far, all cores together, in clock ticks: idle and in all. */
function machineTicks() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = fields.slice(0, 8).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are time nothing ran.
  return { idle: ticks[3] + ticks[4], total: ticks.reduce((a, b) => a + b, 0) };
}

let walClient = null;
/**
 * How far PostgreSQL's write-ahead log has grown, in bytes. Every commit waits for its share of
 * the log to reach the disk, and after a checkpoint the first change to each page logs the whole
 * page, so the bytes a request adds tell how much it leans on the disk, and for how long it pays
 * more after each checkpoint.
 */
async function walBytes() {
  if (!walClient) {
    walClient = new Client({ connectionString: adminUrl });
    await walClient.connect();
  }
  const { rows } = await walClient.query(
    `select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint as bytes`,
  );
  return Number(rows[0].bytes);
}

/**
 * Watches a process while `work` runs: its peak RSS in MB, sampled, the CPU time it and
 * PostgreSQL used per request served (`work` answers a summary with `requests`), the WAL each
 * request added, and the share of the machine's CPU left idle, which tells a phase bound by CPU
 * from one bound by waiting.
 */
async function watched(pid, work) {
  let peak = rssMb(pid);
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid));
    } catch {
      // the process is gone; the error shows elsewhere
    }
  }, 100);
  const cpuBefore = cpuMs(pid);
  const postgresBefore = postgresCpuMs();
  const machineBefore = machineTicks();
  const walBefore = await walBytes();
  try {
    const result = await work();
    const postgresAfter = postgresCpuMs();
    const requests = result.requests?.total ?? result.requests;
    const perRequest = (ms) => (requests > 0 ? +(ms / requests).toFixed(3) : null);
    return {
      result,
      peak: Math.round(Math.max(peak, rssMb(pid))),
      cpuPerRequest: perRequest(cpuMs(pid) - cpuBefore),
      postgresCpuPerRequest: perRequest(postgresCpuSince(postgresBefore, postgresAfter)),
      postgresProcesses: postgresChurn(postgresBefore, postgresAfter),
      walBytesPerRequest:
        requests > 0 ? Math.round(((await walBytes()) - walBefore) / requests) : null,
      machineIdle: idleShare(machineBefore, machineTicks()),
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The share of the machine's CPU that was idle between two `machineTicks()` readings. */
function idleShare(before, after) {
  const total = after.total - before.total;
  return total > 0 ? +((after.idle - before.idle) / total).toFixed(2) : null;
}

/** What `watched` measured per request, for the results. */
const cpuOf = (run) => ({
  server: run.cpuPerRequest,
  postgres: run.postgresCpuPerRequest,
  walBytes: run.walBytesPerRequest,
  machineIdle: run.machineIdle,
  postgresProcesses: run.postgresProcesses,
});

/** How many PostgreSQL processes ended and began while a run was measured, as "ended/began". */
const churn = ({ postgresProcesses: p }) => `${p.ended}/${p.began}`;

/** The CPU a request of the project and of the baseline, for a row's note. */
const cpuNote = ({ project, baseline }) =>
  `CPU a request: server ${project.server} vs ${baseline.server} ms, ` +
  `PostgreSQL ${project.postgres} vs ${baseline.postgres} ms; ` +
  `WAL a request: ${project.walBytes} vs ${baseline.walBytes} bytes; ` +
  `machine idle ${percent(project.machineIdle)} vs ${percent(baseline.machineIdle)}; ` +
  `PostgreSQL processes ended/began during the run: ${churn(project)} vs ${churn(baseline)}`;

/** Each second's p99, in order: a stall shows where it fell. The warm-up before them follows settle()'s checkpoint. */
const bySecondNote = (project, baseline) =>
  `p99 by second: ${project.p99BySecond.join(' ')} ms vs ${baseline.p99BySecond.join(' ')} ms; ` +
  `slowest disk flush by second: ${project.probe.maxBySecond.join(' ')} ms vs ` +
  `${baseline.probe.maxBySecond.join(' ')} ms (flushes over ${project.probe.slowMs} ms: ` +
  `${project.probe.slow} vs ${baseline.probe.slow} of ${project.probe.flushes} and ${baseline.probe.flushes}); ` +
  `an idle probe's timer late by up to: ${project.probe.timerLateBySecond.join(' ')} ms vs ` +
  `${baseline.probe.timerLateBySecond.join(' ')} ms; ` +
  `the load generator's own timer late by up to: ${project.senderLateBySecond.join(' ')} ms vs ` +
  `${baseline.senderLateBySecond.join(' ')} ms; ` +
  `p99 in the warm-up that follows settle()'s checkpoint: ${project.warmupP99} vs ${baseline.warmupP99} ms`;

/**
 * The baseline at half of its own peak: as loaded as the project is at half of its peak (the
 * same share of what it can do), where the rows compare them at the same rate. On a machine
 * whose stalls alone put the baseline near a latency target there, a miss by the project says
 * less about the project.
 */
async function baselineAtOwnHalf(url, peakRps, next) {
  await settle();
  const rate = Math.max(1, Math.floor(peakRps / 2));
  const result = await withProbe(() => pacedLoad(url, { rate, seconds: SECONDS, next }));
  return { rate, ...result };
}

const ownHalfNote = (own) =>
  `the baseline at half of its own peak (${own.rate}/s), as loaded as the project here: ` +
  `p50/p99 ${own.p50}/${own.p99} ms, p99 by second ${own.p99BySecond.join(' ')} ms, ` +
  `an idle probe's timer late by up to ${own.probe.timerLateBySecond.join(' ')} ms, ` +
  `the load generator's by up to ${own.senderLateBySecond.join(' ')} ms`;

const percent = (share) => (share === null ? 'n/a' : `${Math.round(share * 100)}%`);

async function explain(db, sql, params) {
  const { rows } = await db.query(`explain (analyze, buffers, format json) ${sql}`, params);
  const [plan] = rows[0]['QUERY PLAN'];
  return {
    executionMs: +plan['Execution Time'].toFixed(3),
    planningMs: +plan['Planning Time'].toFixed(3),
    top: plan.Plan['Node Type'],
    indexes: [...JSON.stringify(plan).matchAll(/"Index Name":"([^"]+)"/g)].map((m) => m[1]),
  };
}

async function main() {
  if (!process.env.BENCH_NO_BUILD)
    execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: 'inherit' });
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  const results = {
    startedAt: new Date().toISOString(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    readSeconds: READ_SECONDS,
    reads: READS,
    nodeOptions: NODE_OPTIONS,
    nodeFlags: NODE_FLAGS,
    diskProbe: { dir: os.tmpdir(), onDatabaseDisk: await probeOnDatabaseDisk(admin) },
    figures: {},
    explain: {},
  };
  const rows = [];
  const row = (figure, value, baseline, ratio, target, ok, note = '') =>
    rows.push({ figure, value, baseline, ratio, target, met: ok ? 'yes' : 'NO', note });
  const carrier = await startFakeCarrier();
  let apiProc;
  try {
    const env = {
      DATABASE_URL: dbUrl,
      JWT_SECRET: randomBytes(32).toString('hex'),
      PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
      REGISTRATION_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: carrier.url,
      PUBLIC_BASE_URL,
      LOG_LEVEL: 'warn',
      DATA_DIR: path.join(resultsDir, `.data-${stamp}`),
      NODE_OPTIONS,
    };
    execFileSync(process.execPath, [path.join(root, 'dist/apps/api/src/cli/migrate.js')], {
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });

    const apiPort = await freePort();
    const profArgs = [
      ...processArgs(profileDir),
      ...(process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ];
    apiProc = run(
      'dist/apps/api/src/main.js',
      { ...env, PORT: String(apiPort), RUN_WORKERS: 'false' },
      'api',
      profArgs,
    );
    const base = `http://127.0.0.1:${apiPort}`;
    await waitFor(async () => (await fetch(`${base}/health/ready`)).ok, 'the API');

    const basePort = await freePort();
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
    const firm = await provision(base, 'Bench & Co CPAs');
    const number = await api(base, 'POST', '/api/sms/number', firm.token, {
      phoneNumber: '+15035550199',
    });
    const phones = [];
    const clientIds = [];
    for (let i = 0; i < 200; i++) {
      const phone = `+1971555${String(1000 + i).padStart(4, '0')}`;
      const client = await api(base, 'POST', '/api/clients', firm.token, {
        name: `Client ${i}`,
        phone,
      });
      phones.push(phone);
      clientIds.push(client.id);
    }

    if (ONLY.has('inbound')) {
      // 1. Inbound webhook: peak at fixed concurrency, then p99 at half the peak rate.
      log('inbound webhook …');
      const alerts = await inboundAlerts(dbUrl);
      const inbound = () => ({
        requests: cannonRequests(inboundWebhooks(number.phoneNumber, phones)),
      });
      await load(base, { ...inbound(), duration: 2 });
      await load(baselineUrl, { ...inbound(), duration: 2 });
      await settle();
      const [projectRun, baselineRun] = await alternatingPeaks(
        [
          { pid: apiProc.pid, url: base, options: inbound },
          { pid: baseline.pid, url: baselineUrl, options: inbound },
        ],
        PEAK_SLICES,
      );
      const projectPeak = projectRun.result;
      const baselinePeak = baselineRun.result;
      const half = Math.max(1, Math.floor(projectPeak.rps / 2));
      const atHalf = () => ({
        rate: half,
        seconds: SECONDS,
        next: inboundWebhooks(number.phoneNumber, phones),
      });
      await settle();
      const heapBefore = await heapOf(base);
      const projectHalfRun = await watched(apiProc.pid, () =>
        withProbe(() => pacedLoad(base, atHalf())),
      );
      const projectHalf = projectHalfRun.result;
      projectHalf.heap = heapChange(heapBefore, await heapOf(base));
      await settle();
      const baselineHalfRun = await watched(baseline.pid, () =>
        withProbe(() => pacedLoad(baselineUrl, atHalf())),
      );
      const baselineHalf = baselineHalfRun.result;
      const baselineOwnHalf = await baselineAtOwnHalf(
        baselineUrl,
        baselinePeak.rps,
        inboundWebhooks(number.phoneNumber, phones),
      );

      // The staff alerts of those texts: the webhook queued them, and the worker, which is a
      // process of its own in production, fans them out (in-app notifications, emails) and
      // sends the emails. Measured draining what the load left, then once more alongside the
      // peak load, where it competes with the API for this machine's CPU.
      const backlog = await alerts.texts();
      const alertWorker = run(
        'dist/apps/worker/src/main.js',
        env,
        'worker',
        processArgs(path.join(profileDir, 'worker-inbound')),
      );
      const drainStarted = Date.now();
      await alerts.caughtUp();
      const drainSeconds = (Date.now() - drainStarted) / 1000;
      await settle();
      const alongsideBefore = cpuMs(alertWorker.pid);
      const alongsideRun = await watched(apiProc.pid, () => load(base, inbound()));
      const alongsideLag = await alerts.caughtUp();
      const alongside = summarize(alongsideRun.result);
      const workerPerText = +(
        (cpuMs(alertWorker.pid) - alongsideBefore) /
        alongsideRun.result.requests.total
      ).toFixed(3);
      const alerted = await alerts.check(firm.id);
      await alerts.close();
      await stop(alertWorker);
      const cpu = {
        peak: { project: cpuOf(projectRun), baseline: cpuOf(baselineRun) },
        halfPeak: { project: cpuOf(projectHalfRun), baseline: cpuOf(baselineHalfRun) },
      };

      const rss = Math.max(projectRun.peak, projectHalfRun.peak, alongsideRun.peak);
      const throughputRatio = +(projectPeak.rps / baselinePeak.rps).toFixed(2);
      results.figures.inbound = {
        project: projectPeak,
        baseline: baselinePeak,
        throughputRatio,
        atHalfPeak: { rate: half, project: projectHalf, baseline: baselineHalf },
        baselineAtOwnHalfPeak: baselineOwnHalf,
        cpuMsPerRequest: cpu,
        alerts: {
          drained: { texts: backlog, seconds: drainSeconds },
          alongsideWorker: {
            project: alongside,
            throughputRatio: +(alongside.rps / baselinePeak.rps).toFixed(2),
            cpuMsPerRequest: cpuOf(alongsideRun),
            workerCpuMsPerText: workerPerText,
            caughtUpSecondsAfterLoad: alongsideLag,
          },
          ...alerted,
        },
        targets: { throughputRatio: '>= 0.6', p99AtHalfPeakMs: '< 25' },
      };
      results.figures.peakRssMb = { project: rss, baseline: baselineRun.peak, target: '< 300' };
      const alertNote =
        `staff alerts: the worker fanned out and emailed the ${backlog} texts the load left in ` +
        `${drainSeconds.toFixed(1)} s (${Math.round(backlog / drainSeconds)} texts/s); ` +
        `${alerted.texts} texts received in all, ${alerted.notifications} in-app notifications, ` +
        `${alerted.missing} texts without one. With the worker running alongside the peak load: ` +
        `${alongside.rps} req/s (${(alongside.rps / baselinePeak.rps).toFixed(2)}x baseline), ` +
        `p50/p99 ${alongside.p50}/${alongside.p99} ms, worker CPU a text ${workerPerText} ms, ` +
        `machine idle ${percent(alongsideRun.machineIdle)}; caught up ${alongsideLag} s after`;
      if (alerted.missing > 0) throw new Error(`${alerted.missing} received texts have no alert`);
      row(
        'inbound webhook throughput',
        `${projectPeak.rps} req/s`,
        `${baselinePeak.rps} req/s`,
        throughputRatio,
        '>= 0.6x baseline',
        throughputRatio >= 0.6,
        `${CONNECTIONS} connections, in ${PEAK_SLICES} alternating slices of ${SECONDS / PEAK_SLICES} s ` +
          `(req/s by slice: ${projectPeak.slices.join(' ')} vs ${baselinePeak.slices.join(' ')}); ` +
          `p50/p99 ${projectPeak.p50}/${projectPeak.p99} ms vs ${baselinePeak.p50}/${baselinePeak.p99} ms; ${cpuNote(cpu.peak)}; ${alertNote}`,
      );
      row(
        `inbound p99 at half peak (${half}/s)`,
        `${projectHalf.p99} ms`,
        `${baselineHalf.p99} ms`,
        ratio(projectHalf.p99, baselineHalf.p99),
        '< 25 ms',
        projectHalf.p99 < 25,
        `p50 ${projectHalf.p50} ms vs ${baselineHalf.p50} ms; ${cpuNote(cpu.halfPeak)}; ` +
          `${heapNote(projectHalf.heap)}; ${bySecondNote(projectHalf, baselineHalf)}; ` +
          ownHalfNote(baselineOwnHalf),
      );
      row(
        'API peak RSS, inbound load',
        `${rss} MB`,
        `${baselineRun.peak} MB`,
        ratio(rss, baselineRun.peak),
        '< 300 MB',
        rss < 300,
      );
    }
    if (ONLY.has('outbound')) {
      // 2. Outbound accept, workers off so only the accept path is measured.
      log('outbound accept …');
      let k = 0;
      const sendText = () => {
        k++;
        return {
          method: 'POST',
          path: `/api/clients/${clientIds[k % clientIds.length]}/messages`,
          body: JSON.stringify({ channel: 'sms', body: `Your documents are ready (${k}).` }),
          headers: { 'content-type': 'application/json', authorization: `Bearer ${firm.token}` },
        };
      };
      let b = 0;
      const recordText = () => {
        b++;
        return {
          method: 'POST',
          path: '/outbound',
          body: JSON.stringify({
            clientId: clientIds[b % clientIds.length],
            body: `Your documents are ready (${b}).`,
          }),
          headers: { 'content-type': 'application/json' },
        };
      };
      // Peak with 10 staff sending at once, then the latency at half that rate.
      await settle();
      const acceptPeak = summarize(
        await load(base, { connections: 10, requests: cannonRequests(sendText) }),
      );
      await settle();
      const acceptBaselinePeak = summarize(
        await load(baselineUrl, { connections: 10, requests: cannonRequests(recordText) }),
      );
      const acceptRate = Math.max(1, Math.floor(acceptPeak.rps / 2));
      await settle();
      const acceptHeapBefore = await heapOf(base);
      const acceptRun = await watched(apiProc.pid, () =>
        withProbe(() => pacedLoad(base, { rate: acceptRate, seconds: SECONDS, next: sendText })),
      );
      const accept = acceptRun.result;
      accept.heap = heapChange(acceptHeapBefore, await heapOf(base));
      await settle();
      const acceptBaselineRun = await watched(baseline.pid, () =>
        withProbe(() =>
          pacedLoad(baselineUrl, { rate: acceptRate, seconds: SECONDS, next: recordText }),
        ),
      );
      const acceptBaseline = acceptBaselineRun.result;
      const acceptBaselineOwnHalf = await baselineAtOwnHalf(
        baselineUrl,
        acceptBaselinePeak.rps,
        recordText,
      );
      const acceptCpu = {
        project: cpuOf(acceptRun),
        baseline: cpuOf(acceptBaselineRun),
      };
      results.figures.outboundAccept = {
        peak: acceptPeak,
        baselinePeak: acceptBaselinePeak,
        atHalfPeak: { rate: acceptRate, project: accept, baseline: acceptBaseline },
        baselineAtOwnHalfPeak: acceptBaselineOwnHalf,
        cpuMsPerRequestAtHalfPeak: acceptCpu,
        target: { p99Ms: '< 25' },
      };
      row(
        `outbound accept p99 at half peak (${acceptRate}/s)`,
        `${accept.p99} ms`,
        `${acceptBaseline.p99} ms`,
        ratio(accept.p99, acceptBaseline.p99),
        '< 25 ms',
        accept.p99 < 25 && accept.non2xx === 0,
        `peak ${acceptPeak.rps} vs ${acceptBaselinePeak.rps} req/s with 10 connections ` +
          `(p99 there ${acceptPeak.p99} vs ${acceptBaselinePeak.p99} ms); at half peak p50 ${accept.p50} vs ${acceptBaseline.p50} ms; ` +
          `${cpuNote(acceptCpu)}; ${heapNote(accept.heap)}; ${bySecondNote(accept, acceptBaseline)}; ` +
          ownHalfNote(acceptBaselineOwnHalf),
      );
    }
    const db = new Client({ connectionString: dbUrl });
    // The database is dropped with (force) when a run fails; that must not crash the report.
    db.on('error', () => undefined);
    await db.connect();
    if (ONLY.has('dispatch')) {
      // 3. Dispatch: one worker drains the queued messages against the ~20 ms carrier.
      log('dispatch …');
      const pending = async () =>
        Number(
          (
            await db.query(
              "select count(*) from messages where direction = 'outbound' and status in ('queued', 'sending')",
            )
          ).rows[0].count,
        );
      const queued = await pending();
      if (queued === 0) {
        throw new Error(
          'dispatch sends the texts the outbound phase queued: run it with BENCH_ONLY=outbound,dispatch',
        );
      }
      const worker = run(
        'dist/apps/worker/src/main.js',
        env,
        'worker',
        processArgs(path.join(profileDir, 'worker')),
      );
      // Timed from the first text the worker hands over, so its start-up is not counted.
      await waitFor(() => carrier.firstAt() > 0, 'the worker to start sending', 120_000);
      const startedDispatch = carrier.firstAt();
      const cpuBefore = cpuMs(worker.pid);
      await waitFor(async () => (await pending()) === 0, 'the dispatch queue to drain', 900_000);
      const seconds = (Date.now() - startedDispatch) / 1000;
      const workerCpuShare = Math.round((cpuMs(worker.pid) - cpuBefore) / (10 * seconds));
      const carrierCalls = carrier.sent();
      await stop(worker);
      const dispatchBaseline = await api(baselineUrl, 'POST', '/dispatch', null, {
        count: queued,
        carrierUrl: carrier.url,
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
      });
      const perSecond = Math.round(queued / seconds);
      results.figures.dispatch = {
        messages: queued,
        seconds: +seconds.toFixed(1),
        perSecond,
        carrierCalls,
        workerCpuPercent: workerCpuShare,
        baseline: dispatchBaseline,
        target: '>= 500 msg/s',
      };
      row(
        'dispatch, one worker (20 ms carrier)',
        `${perSecond} msg/s`,
        `${dispatchBaseline.perSecond} msg/s`,
        ratio(perSecond, dispatchBaseline.perSecond),
        '>= 500 msg/s',
        perSecond >= 500,
        `${queued} messages in ${seconds.toFixed(1)} s; the worker used ${workerCpuShare}% of a core meanwhile`,
      );
    }
    if (ONLY.has('reads')) {
      // 4. Reads at scale: one firm's member among 1,000 firms, 1M messages, 10M activity rows.
      log(
        `seeding reads: ${READS.firms} firms, ${READS.firms * READS.clientsPerFirm * READS.messagesPerClient} messages, ` +
          `${READS.firms * READS.activityPerFirm} activity rows …`,
      );
      const reader = await provision(base, 'Reads & Co CPAs');
      const seedStarted = Date.now();
      await seedReads(db, { ...READS, readsFirmId: reader.id, readsActorId: reader.ownerId, log });
      results.seedSeconds = Math.round((Date.now() - seedStarted) / 1000);
      const { rows: readClients } = await db.query(
        'select id from clients where firm_id = $1 order by id limit 50',
        [reader.id],
      );
      const counts = (
        await db.query(
          `select (select count(*) from messages)::int as messages,
                (select count(*) from activity_log)::int as activity,
                (select count(*) from firms)::int as firms,
                (select count(*) from messages where firm_id = $1)::int as firm_messages,
                (select count(*) from activity_log where firm_id = $1)::int as firm_activity`,
          [reader.id],
        )
      ).rows[0];
      results.readsData = counts;
      log(`  ${JSON.stringify(counts)}`);
      // The seed wrote ~11M rows: let its checkpoint finish before measuring.
      await db.query('checkpoint');
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const since = new Date(Date.now() - 90 * 86_400_000).toISOString();
      const reads = [
        {
          figure: 'thread page p99',
          project: readClients.map((c) => `/api/clients/${c.id}/messages`),
          baseline: readClients.map((c) => `/reads/thread?firm=${reader.id}&client=${c.id}`),
        },
        {
          figure: 'threads list p99',
          project: ['/api/threads'],
          baseline: [`/reads/threads?firm=${reader.id}&member=${reader.ownerId}`],
        },
        {
          figure: 'audit page p99 (type + 90 days)',
          project: [
            'sms.message.inbound',
            'sms.message.outbound',
            'sms.message.delivery_failed',
          ].map((type) => `/api/activity?type=${type}&from=${encodeURIComponent(since)}`),
          baseline: [
            'sms.message.inbound',
            'sms.message.outbound',
            'sms.message.delivery_failed',
          ].map(
            (type) =>
              `/reads/audit?firm=${reader.id}&type=${type}&from=${encodeURIComponent(since)}`,
          ),
        },
      ];
      results.figures.reads = {};
      for (const read of reads) {
        log(`${read.figure} …`);
        const one = { connections: 1, duration: READ_SECONDS };
        await load(base, {
          ...one,
          duration: 2,
          requests: readRequests(read.project, reader.token),
        });
        await load(baselineUrl, { ...one, duration: 2, requests: readRequests(read.baseline) });
        const project = await withProbe(async () =>
          summarize(
            await load(base, { ...one, requests: readRequests(read.project, reader.token) }),
          ),
        );
        const bare = await withProbe(async () =>
          summarize(await load(baselineUrl, { ...one, requests: readRequests(read.baseline) })),
        );
        const [projectWorst, bareWorst] = [probeWorst(project.probe), probeWorst(bare.probe)];
        results.figures.reads[read.figure] = { project, baseline: bare, target: '< 10 ms' };
        row(
          read.figure,
          `${project.p99} ms`,
          `${bare.p99} ms`,
          ratio(project.p99, bare.p99),
          '< 10 ms',
          project.p99 < 10 && project.non2xx === 0,
          `one member, one connection; p50 ${project.p50} vs ${bare.p50} ms; ${project.rps} req/s` +
            (project.non2xx ? `; ${project.non2xx} non-2xx!` : '') +
            `; an idle probe's timer late by up to ${projectWorst.timerLateMs} vs ` +
            `${bareWorst.timerLateMs} ms, its slowest flush ${projectWorst.flushMs} vs ${bareWorst.flushMs} ms`,
        );
      }
      // The inbox's own statement, as the API builds it (dist is built by now).
      const { threadsPageSql } = require(
        path.join(root, 'dist/libs/messaging/src/application/threads/threads-page.sql'),
      );
      results.explain = {
        threadPage: await explain(
          db,
          `select * from messages where firm_id = $1 and client_id = $2 order by created_at desc, id desc limit 51`,
          [reader.id, readClients[0].id],
        ),
        // The inbox's one statement: the page, each last message and the unread counts.
        threadsList: await explain(db, threadsPageSql('', 3), [reader.id, reader.ownerId, 51]),
        auditPage: await explain(
          db,
          `select * from activity_log where firm_id = $1 and type = $2 and occurred_at >= $3
          order by occurred_at desc, seq desc limit 51`,
          [reader.id, 'sms.message.inbound', since],
        ),
      };
    }
    await db.end();

    log('');
    printTable(rows);
    log(
      `  API and worker ran with NODE_OPTIONS=${JSON.stringify(NODE_OPTIONS)}` +
        (NODE_OPTIONS === IMAGE_NODE_OPTIONS ? ' (as the production image sets it)' : '') +
        ` and ${NODE_FLAGS.join(' ')} (scripts/node-flags.js)`,
    );
    const { dir, onDatabaseDisk } = results.diskProbe;
    log(
      `  Probe beside each paced run: 8 kB written and fdatasync'd every 40 ms in ${dir} ` +
        `(${{ true: 'the disk of', false: 'not the disk of', null: 'unknown whether the disk of' }[onDatabaseDisk]} PostgreSQL's data)`,
    );
    log('\nEXPLAIN ANALYZE of the read queries (bench database):');
    for (const [name, plan] of Object.entries(results.explain)) {
      log(
        `  ${name.padEnd(14)} ${String(plan.executionMs).padStart(7)} ms  ${plan.top} via ${plan.indexes.join(', ') || 'no index'}`,
      );
    }
    results.table = rows;
  } finally {
    for (const child of children) await stop(child);
    carrier.server.close();
    await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
    await admin.end();
    await walClient?.end();
    mkdirSync(resultsDir, { recursive: true });
    if (CPU_PROF) {
      results.cpuProfile = summarizeProfiles(profileDir, root);
      log(`\nAPI CPU profile (${profileDir}):\n${results.cpuProfile.text}`);
      results.alertWorkerCpuProfile = summarizeProfiles(
        path.join(profileDir, 'worker-inbound'),
        root,
      );
      log(
        `\nWorker CPU profile, inbound alerts (${profileDir}/worker-inbound):\n${results.alertWorkerCpuProfile.text}`,
      );
      results.workerCpuProfile = summarizeProfiles(path.join(profileDir, 'worker'), root);
      log(`\nWorker CPU profile (${profileDir}/worker):\n${results.workerCpuProfile.text}`);
    }
    const file = path.join(resultsDir, `bench-${stamp}.json`);
    writeFileSync(file, JSON.stringify(results, null, 2));
    log(`wrote ${path.relative(root, file)}`);
  }
}

function ratio(value, baseline) {
  return baseline > 0 ? +(value / baseline).toFixed(2) : null;
}

function printTable(rows) {
  const columns = [
    ['figure', 'figure'],
    ['value', 'project'],
    ['baseline', 'baseline'],
    ['ratio', 'ratio'],
    ['target', 'target'],
    ['met', 'met'],
  ];
  const width = columns.map(([key, title]) =>
    Math.max(title.length, ...rows.map((r) => String(r[key] ?? '').length)),
  );
  const line = (cells) =>
    `| ${cells.map((c, i) => String(c ?? '').padEnd(width[i])).join(' | ')} |`;
  log(line(columns.map(([, title]) => title)));
  log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) log(line(columns.map(([key]) => r[key])));
  log('');
  for (const r of rows) if (r.note) log(`  ${r.figure}: ${r.note}`);
}

main().catch((error) => {
  console.error(error);
  for (const child of children) {
    console.error(`--- ${child.label}\n${child.output().slice(-2000)}`);
    child.kill('SIGKILL');
  }
  process.exit(1);
});
