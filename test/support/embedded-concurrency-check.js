/**
 * Six connections to the embedded database at once, half in transactions and half running
 * extended-protocol queries with different parameter counts. Prints the outcome as JSON.
 * Run as a child process: PGlite cannot load inside jest's module sandbox.
 */
const path = require('node:path');
const pg = require('pg');
const { startEmbeddedPostgres } = require(path.join(__dirname, '../../dist/libs/platform/src'));

async function main() {
  const db = await startEmbeddedPostgres(null, 16);
  const setup = new pg.Client({ connectionString: db.url });
  await setup.connect();
  await setup.query('create table t (id serial primary key, v int)');
  const clients = await Promise.all(
    [0, 1, 2, 3, 4, 5].map(async () => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      return client;
    }),
  );
  let ok = 0;
  const errors = [];
  const timed = (promise) =>
    Promise.race([
      promise,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer in 5 s')), 5000)),
    ]);
  await Promise.all(
    clients.map(async (client, i) => {
      for (let n = 0; n < 100; n++) {
        try {
          if (i % 2 === 0) {
            await timed(client.query('begin'));
            await timed(client.query('insert into t (v) values ($1)', [n]));
            await timed(client.query('select count(*) from t where v > $1 and v < $2', [1, n]));
            await timed(client.query('commit'));
          } else {
            const params = Array.from({ length: (i % 3) + 1 }, (_, k) => k);
            await timed(
              client.query(
                `select ${params.map((_, k) => `$${k + 1}::int`).join(' + ')} as x`,
                params,
              ),
            );
          }
          ok++;
        } catch (error) {
          errors.push(error.message);
          if (/no answer/.test(error.message)) return;
        }
      }
    }),
  );
  const [{ count }] = (await setup.query('select count(*)::int as count from t')).rows;
  process.stdout.write(JSON.stringify({ ok, errors: errors.slice(0, 5), inserted: count }));
  process.exit(0);
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({ fatal: error.message }));
  process.exit(1);
});
