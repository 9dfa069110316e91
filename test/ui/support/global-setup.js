/**
 * Builds the web app and the server, then starts the server as a child process exactly as
 * `npm start` would (embedded database, sandbox carrier, demo firm) in a fresh temp DATA_DIR on
 * a free port. The tests read the address and the demo logins from the environment.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check, ms, what) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

module.exports = async function globalSetup() {
  if (!fs.existsSync('/usr/bin/chromium')) {
    throw new Error('Chromium is missing: apt-get install -y chromium');
  }
  execFileSync(process.execPath, [path.join(root, 'scripts/build-web.js'), '--force'], {
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: 'inherit' });

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'assure-ui-'));
  const port = await freePort();
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.openSync(logFile, 'a');
  const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
  delete env.NODE_ENV;
  delete env.DATABASE_URL;
  delete env.CARRIER;
  delete env.PUBLIC_BASE_URL;
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', path.join(root, 'dist/apps/api/src/main.js')],
    { cwd: root, env, stdio: ['ignore', log, log], detached: true },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  globalThis.__ASSURE_UI__ = { child, dataDir, logFile, exited };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitFor(
        async () => (await fetch(`${baseUrl}/health/ready`)).ok,
        180000,
        'the server to be ready',
      ),
      exited.then((code) => {
        throw new Error(`the server exited with ${code}`);
      }),
    ]);
    const demo = await waitFor(
      async () => {
        const body = await (await fetch(`${baseUrl}/api/demo`)).json();
        return body.demo && body.logins.length ? body : null;
      },
      30000,
      'the demo firm',
    );
    process.env.UI_BASE_URL = baseUrl;
    process.env.UI_DEMO_LOGINS = JSON.stringify(demo.logins);
    process.env.UI_SERVER_LOG = logFile;
  } catch (error) {
    process.stderr.write(
      `\n--- server log ---\n${fs.readFileSync(logFile, 'utf8').slice(-8000)}\n`,
    );
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    throw error;
  }
};
