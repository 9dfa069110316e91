import { Migrator } from '@mikro-orm/migrations';
import { Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';

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
    // The embedded server serialises connections; a small pool keeps waits short.
    pool: options.embedded ? { min: 0, max: 4 } : { min: 0, max: 10 },
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
