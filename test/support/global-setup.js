/**
 * Gives every jest worker a database of its own, migrated once:
 * - with DATABASE_URL: a template database is migrated, then cloned per worker (dropped after);
 * - without it: one in-memory embedded PostgreSQL (PGlite) per worker, served on loopback.
 * Workers find theirs in TEST_DATABASE_URL_<JEST_WORKER_ID>.
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

module.exports = async function globalSetup(globalConfig) {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.js')], { stdio: 'inherit' });
  const { migrate } = require(path.join(root, 'dist/apps/api/src/bootstrap'));
  const { startEmbeddedPostgres } = require(path.join(root, 'dist/libs/platform/src'));
  const workers = Math.max(1, Number(globalConfig.maxWorkers) || 1);
  const state = { databases: [], embedded: [], adminUrl: null };
  globalThis.__APS_TEST_STATE__ = state;

  if (process.env.DATABASE_URL) {
    const { Client } = require('pg');
    const adminUrl = process.env.DATABASE_URL;
    state.adminUrl = adminUrl;
    const run = `aps_t_${process.pid}_${Date.now().toString(36)}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const template = `${run}_tmpl`;
      await admin.query(`create database "${template}"`);
      state.databases.push(template);
      const templateUrl = withDatabase(adminUrl, template);
      await migrate(templateUrl, false);
      await preparePgBoss(templateUrl);
      for (let i = 1; i <= workers; i++) {
        const name = `${run}_w${i}`;
        await admin.query(`create database "${name}" template "${template}"`);
        state.databases.push(name);
        process.env[`TEST_DATABASE_URL_${i}`] = withDatabase(adminUrl, name);
      }
    } finally {
      await admin.end();
    }
    process.env.TEST_DATABASE_EMBEDDED = 'false';
  } else {
    for (let i = 1; i <= workers; i++) {
      const db = await startEmbeddedPostgres(null, 24);
      state.embedded.push(db);
      await migrate(db.url, true);
      await preparePgBoss(db.url);
      process.env[`TEST_DATABASE_URL_${i}`] = db.url;
    }
    process.env.TEST_DATABASE_EMBEDDED = 'true';
  }
  // migrate() loaded the entities here, and MikroORM keeps their metadata on this process's
  // global. Run in band (`-i`, or one worker), the test files run in this process, and jest's
  // node environment hands them this global's own properties: every file would then add its
  // entities to the same store, and the second file to start an app would fail on the first's.
  delete globalThis['mikro-orm-metadata'];
};

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** pg-boss installs its schema on first start; doing it once here keeps test files fast. */
async function preparePgBoss(url) {
  const PgBoss = require('pg-boss');
  const boss = new PgBoss({ connectionString: url, max: 1, schedule: false, supervise: false });
  await boss.start();
  await boss.stop({ graceful: false, wait: true });
}
