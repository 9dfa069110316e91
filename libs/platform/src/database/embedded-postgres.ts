import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served on a loopback port so the ordinary
 * `pg` driver, MikroORM and pg-boss reach it exactly as they reach a real server.
 * Data lives in a folder, so it survives restarts. It serialises connections: see STACK.md.
 */
export interface RunningDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(
  dataDir: string | null,
  maxConnections = 16,
): Promise<RunningDatabase> {
  // Loaded lazily: the WebAssembly build is only needed for the embedded default.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  let db: InstanceType<typeof PGlite>;
  if (dataDir) {
    const folder = join(dataDir, 'pgdata');
    mkdirSync(folder, { recursive: true });
    db = await PGlite.create(folder);
  } else {
    db = await PGlite.create();
  }
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  return {
    url: `postgresql://postgres@${server.getServerConn()}/postgres`,
    embedded: true,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export async function resolveDatabase(
  databaseUrl: string | null,
  dataDir: string,
): Promise<RunningDatabase> {
  if (databaseUrl) return { url: databaseUrl, embedded: false, stop: async () => undefined };
  return startEmbeddedPostgres(dataDir);
}
