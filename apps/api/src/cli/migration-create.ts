import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, startEmbeddedPostgres } from '@app/platform';
import { createApp, migrate } from '../bootstrap';

/**
 * `npm run db:migration:create -- <name>`: diffs the entities against a scratch database at the
 * current migration and writes the difference to migrations/ for review. Add the new class to
 * migrations/index.ts.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  const dataDir = mkdtempSync(join(tmpdir(), 'aps-migration-'));
  const database = await startEmbeddedPostgres(null);
  try {
    await migrate(database.url, true);
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    const handle = await createApp({ config, database, runWorkers: false });
    try {
      const result = await handle.app
        .get(MikroORM)
        .getMigrator()
        .createMigration(undefined, false, false, name);
      process.stdout.write(
        result.fileName ? `Created migrations/${result.fileName}\n` : 'No changes.\n',
      );
      if (result.code) process.stdout.write(result.diff.up.join('\n') + '\n');
    } finally {
      await handle.close();
    }
  } finally {
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
