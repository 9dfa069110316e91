import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PLATFORM_TOKEN, TEST_JWT_SECRET, workerDatabaseUrl } from '../../support/test-app';
import { PUBLIC_BASE_URL } from './carrier-webhooks';
import { settlesWithin, until } from './timing';

const ROOT = resolve(__dirname, '../../..');
const OUTPUT_LIMIT = 200_000;

/**
 * The production shape in miniature: the built API and worker (dist/, built by globalSetup)
 * started as real processes against one PostgreSQL, so a test can run several side by side and
 * kill one with SIGKILL.
 */
export interface AppProcess {
  readonly label: string;
  readonly pid: number;
  /** `http://127.0.0.1:<port>` for API processes, '' for workers. */
  readonly base: string;
  /** The last of what the process wrote to stdout and stderr. */
  output(): string;
  /** Resolves with the exit code (or null after a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Why a fault test cannot run on the embedded database, for the message below. */
export const NEEDS_SERVER = {
  processes:
    'This fault test runs several API and worker processes against one database, which needs ' +
    'a PostgreSQL server; the embedded one lives inside a single process.',
  concurrency:
    'This fault test drives many concurrent transactions. The embedded database (PGlite behind ' +
    'pglite-socket) interleaves the extended-protocol messages of concurrent connections ' +
    '(electric-sql/pglite#1046): statements fail with "bind message supplies N parameters" and ' +
    'its query queue can stall for good, so the fault suite runs against a PostgreSQL server.',
};

/** This jest worker's database on a real PostgreSQL server; fails with `why` otherwise. */
export function requireRealPostgres(why: string): string {
  if (!process.env.DATABASE_URL || process.env.TEST_DATABASE_EMBEDDED !== 'false') {
    throw new Error(
      `${why} Run it with DATABASE_URL set, e.g. ` +
        'DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:faults',
    );
  }
  return workerDatabaseUrl();
}

/** The environment every spawned process shares; `extra` adds carrier, SMTP and the like. */
export function processEnv(databaseUrl: string, extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    PLATFORM_ADMIN_TOKEN: PLATFORM_TOKEN,
    PUBLIC_BASE_URL,
    REGISTRATION_ENCRYPTION_KEY: 'fa'.repeat(32),
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

function launch(label: string, script: string, env: Record<string, string>, base: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'aps-fault-'));
  const child = spawn(process.execPath, [join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      running.delete(child);
      rmSync(dataDir, { recursive: true, force: true });
      done(code);
    }),
  );
  if (child.pid === undefined) throw new Error(`${label} did not start`);
  const handle: AppProcess = {
    label,
    pid: child.pid,
    base,
    output: () => output,
    exited,
    kill: (signal) => {
      child.kill(signal);
    },
  };
  return { handle, isAlive: () => child.exitCode === null && child.signalCode === null };
}

/** An API process with no workers (RUN_WORKERS=false), ready when /health/ready answers 200. */
export async function startApi(label: string, env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { handle, isAlive } = launch(
    label,
    'dist/apps/api/src/main.js',
    { ...env, PORT: String(port), RUN_WORKERS: 'false' },
    base,
  );
  await until(
    `${label} to answer /health/ready`,
    async () => {
      if (!isAlive()) throw new Error(`${label} exited during start-up:\n${handle.output()}`);
      try {
        return (await fetch(`${base}/health/ready`)).status;
      } catch {
        return 0;
      }
    },
    (status) => status === 200,
    60_000,
  );
  return handle;
}

/** A worker process (dist/apps/worker), ready once it has logged that it started. */
export async function startWorker(label: string, env: Record<string, string>): Promise<AppProcess> {
  // Its start-up line is logged at info; the job logs it writes are few.
  const { handle, isAlive } = launch(
    label,
    'dist/apps/worker/src/main.js',
    { ...env, LOG_LEVEL: 'info' },
    '',
  );
  await until(
    `${label} to start`,
    () => {
      if (!isAlive()) throw new Error(`${label} exited during start-up:\n${handle.output()}`);
      return /worker started/.test(handle.output());
    },
    (started) => started,
    60_000,
  );
  return handle;
}

/** SIGTERM and a grace period, then SIGKILL: nothing a test started outlives it. */
export async function stopAll(processes: Array<AppProcess | null | undefined>): Promise<void> {
  await Promise.all(
    processes.map(async (p) => {
      if (!p) return;
      p.kill('SIGTERM');
      if (!(await settlesWithin(p.exited, 15_000))) {
        p.kill('SIGKILL');
        await p.exited;
      }
    }),
  );
}

/** What the processes wrote, for the failure message of a test that went wrong. */
export function outputsOf(processes: Array<AppProcess | null | undefined>): string {
  return processes
    .filter((p): p is AppProcess => Boolean(p))
    .map((p) => `--- ${p.label} (pid ${p.pid})\n${p.output().slice(-4000)}`)
    .join('\n');
}
