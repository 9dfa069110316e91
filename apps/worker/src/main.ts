import '../../api/src/runtime-flags';
import 'reflect-metadata';
import { ConfigError, loadConfig, resolveDatabase, createRootLogger } from '@app/platform';
import { createApp, pendingMigrations } from '../../api/src/bootstrap';

/**
 * A worker-only process for the production shape: the same application, no HTTP listener,
 * claiming durable jobs (SMS dispatch, email alerts) alongside any number of other workers.
 * `npm start` runs the workers inside the API process instead.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  if (!config.databaseUrl) {
    process.stderr.write(
      'The worker process needs DATABASE_URL; the embedded default runs workers inside `npm start`.\n',
    );
    process.exit(78);
  }
  const logger = createRootLogger(config.logLevel);
  const database = await resolveDatabase(config.databaseUrl, config.dataDir);
  const pending = await pendingMigrations(database.url, false);
  if (pending.length) {
    process.stderr.write(
      `The database has ${pending.length} pending migration(s); run "npm run db:migrate" first.\n`,
    );
    process.exit(1);
  }
  const handle = await createApp({ config, database, logger, runWorkers: true });
  logger.info('worker started');
  const shutdown = async () => {
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    await handle.close();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Worker start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
