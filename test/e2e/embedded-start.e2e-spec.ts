import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The product as `npm start` runs it: no DATABASE_URL, so the embedded PostgreSQL in DATA_DIR,
 * migrated at start-up, with a demo firm whose logins are printed once. Data survives a restart.
 */
const main = join(__dirname, '../../dist/apps/api/src/main.js');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

interface Running {
  child: ChildProcess;
  output: () => string;
  base: string;
}

async function start(dataDir: string): Promise<Running> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited early: ${output}`);
    try {
      const res = await fetch(`${base}/health/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`not ready in time: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, output: () => output, base };
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGTERM');
  return new Promise((resolve) => running.child.once('exit', (code) => resolve(code)));
}

describe('the embedded default (npm start with no configuration)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aps-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, prints demo logins once, and keeps data across a restart', async () => {
    const first = await start(dataDir);
    const match = /owner\s+(\S+)\s+password: (\S+)/.exec(first.output());
    expect(match).not.toBeNull();
    const [, email, password] = match as RegExpExecArray;
    const login = await fetch(`${first.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${first.base}/api/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ name: 'Survives Restart', phone: '(503) 555-0150' }),
    });
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);

    const second = await start(dataDir);
    expect(second.output()).not.toMatch(/password:/);
    const again = await fetch(`${second.base}/api/clients?search=Survives`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(again.status).toBe(200);
    const body = (await again.json()) as { items: Array<{ name: string; phone: string }> };
    expect(body.items).toEqual([
      expect.objectContaining({ name: 'Survives Restart', phone: '+15035550150' }),
    ]);
    expect(await stop(second)).toBe(0);
  }, 150_000);

  it('refuses a wrong configuration value with one line naming the variable', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'eighty', DATA_DIR: dataDir };
    delete env.DATABASE_URL;
    const result = spawnSync(process.execPath, [main], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: PORT must be a whole number, got "eighty"',
    );
  });

  it('with DATABASE_URL set and no JWT_SECRET, stops before touching anything', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      DATA_DIR: dataDir,
    };
    delete env.JWT_SECRET;
    const result = spawnSync(process.execPath, [main], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim()).toBe(
      'Invalid configuration: JWT_SECRET is required when DATABASE_URL is set',
    );
  });
});
