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
  keepProtocolSequencesWhole(server as unknown as { queryQueue: QueryQueue });
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

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData(data: Uint8Array): void;
  resolve(bytes: number): void;
  reject(error: unknown): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(
      message: Uint8Array,
      options: { onRawData(data: Uint8Array): void },
    ): Promise<unknown>;
  };
  processQueue(): Promise<void>;
}

/** Messages that end a client's protocol sequence: Sync, simple Query, Terminate, start-up. */
const SEQUENCE_ENDS = new Set([0x53, 0x51, 0x58, 0x00]);

/**
 * pglite-socket serves one protocol message at a time from whichever connection sent it, so an
 * extended-protocol sequence (Parse, Bind, Execute … Sync) of one connection can be split by
 * another's, which PostgreSQL answers with "bind message supplies N parameters" errors or not at
 * all. This keeps serving one connection until its sequence ends (as the library already does
 * while a transaction is open), and keeps the queue running after a failed message.
 */
function keepProtocolSequencesWhole(server: { queryQueue: QueryQueue }): void {
  const queue = server.queryQueue;
  let midSequence: number | null = null;
  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const owner = midSequence ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        let item: QueuedMessage | undefined;
        if (owner !== null) {
          const at = this.queue.findIndex((queued) => queued.handlerId === owner);
          item = at === -1 ? undefined : this.queue.splice(at, 1)[0];
        } else {
          item = this.queue.shift();
        }
        if (!item) break;
        const current = item;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(current.message, {
              onRawData: (data) => {
                bytes += data.length;
                current.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence = null;
          current.reject(error);
          continue;
        }
        midSequence = SEQUENCE_ENDS.has(current.message[0]) ? null : current.handlerId;
        this.lastHandlerId = current.handlerId;
        current.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
}
