import 'reflect-metadata';
import { ConfigError, loadConfig, resolveDatabase } from '@app/platform';
import { migrate } from '../bootstrap';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await resolveDatabase(config.databaseUrl, config.dataDir);
  try {
    const applied = await migrate(database.url, database.embedded);
    process.stdout.write(
      applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n',
    );
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Migration failed: ${String(error)}`}\n`,
  );
  process.exit(1);
});
