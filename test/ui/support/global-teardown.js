/** Stops the server started by global-setup.js (its whole process group) and removes its data. */
const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const state = globalThis.__ASSURE_UI__;
  if (!state) return;
  const { child, dataDir, exited } = state;
  if (child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    let timer;
    const late = new Promise((resolve) => (timer = setTimeout(resolve, 15000, 'timeout')));
    const outcome = await Promise.race([exited, late]);
    // A pending timer would keep jest running for the rest of its 15 s.
    clearTimeout(timer);
    if (outcome === 'timeout') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
};
