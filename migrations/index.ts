import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128230447_foundation } from './Migration20261128230447_foundation';

/** Every migration, in order. Listed statically so nothing depends on globbing at run time. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128230447_foundation', class: Migration20261128230447_foundation },
];
