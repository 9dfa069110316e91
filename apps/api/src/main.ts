import './runtime-flags';
import 'reflect-metadata';
import { ConfigError, loadConfig, resolveDatabase, createRootLogger } from '@app/platform';
import { DemoSeeder } from '@app/directory';
import { createApp, migrate, pendingMigrations } from './bootstrap';

/** `npm start`: the API with its workers; the embedded database unless DATABASE_URL is set. */
async function main(): Promise<void> {
  const started = Date.now();
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
  const logger = createRootLogger(config.logLevel);
  const database = await resolveDatabase(config.databaseUrl, config.dataDir);
  if (database.embedded) {
    const applied = await migrate(database.url, true);
    if (applied.length) logger.info({ applied }, 'migrations applied to the embedded database');
  } else {
    const pending = await pendingMigrations(database.url, false);
    if (pending.length) {
      process.stderr.write(
        `The database has ${pending.length} pending migration(s); run "npm run db:migrate" first.\n`,
      );
      process.exit(1);
    }
  }

  const handle = await createApp({ config, database, logger });
  const logins = await handle.app.get(DemoSeeder).seedIfEmpty();
  await handle.app.listen({ port: config.port, host: '0.0.0.0' });
  const address = `http://localhost:${config.port}`;
  logger.info(
    {
      port: config.port,
      embedded: database.embedded,
      carrier: config.carrier,
      startupMs: Date.now() - started,
    },
    `Assure Pro SMS is listening on ${address}`,
  );
  if (logins) {
    const lines = logins.map((l) => `  ${l.role.padEnd(6)} ${l.email}  password: ${l.password}`);
    process.stdout.write(
      `\nDemo firm "Hill & Dale CPAs" created. Sign in at ${address} with:\n${lines.join('\n')}\n` +
        `(These are shown once here and on the sign-in page while demo mode is on.)\n\n`,
    );
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    try {
      await handle.close();
      await database.stop();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Start-up failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
