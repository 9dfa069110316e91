/** Drops the databases the run created and stops the embedded servers. */
module.exports = async function globalTeardown() {
  const state = globalThis.__APS_TEST_STATE__;
  if (!state) return;
  for (const db of state.embedded) await db.stop().catch(() => undefined);
  if (state.adminUrl && state.databases.length) {
    const { Client } = require('pg');
    const admin = new Client({ connectionString: state.adminUrl });
    await admin.connect();
    try {
      for (const name of state.databases.reverse()) {
        await admin.query(`drop database if exists "${name}" with (force)`);
      }
    } finally {
      await admin.end();
    }
  }
};
