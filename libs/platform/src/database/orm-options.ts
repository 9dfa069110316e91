import { Migrator } from '@mikro-orm/migrations';
import { Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { DeferredWritesFlusher } from './unit-of-work';

export interface DatabaseOptions {
  url: string;
  embedded: boolean;
  migrations: MigrationObject[];
  /** Entities by class reference; each context registers its own through forFeature otherwise. */
  entities?: Options['entities'];
  debug?: boolean;
}

export function ormOptions(options: DatabaseOptions): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    entities: options.entities ?? [],
    discovery: { warnWhenNoEntities: false },
    extensions: [Migrator],
    subscribers: [new DeferredWritesFlusher()],
    // The embedded server serialises connections; a small pool keeps waits short.
    // A warm floor on a real server: opening a connection per burst costs more than the burst.
    pool: options.embedded ? { min: 0, max: 4 } : { min: 2, max: 10 },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: options.debug ?? false,
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      silent: true,
      allOrNothing: true,
      snapshot: false,
      path: 'migrations',
      pathTs: 'migrations',
      emit: 'ts',
      fileName: (timestamp: string, name?: string) =>
        `Migration${timestamp}${name ? '_' + name : ''}`,
    },
  };
}
