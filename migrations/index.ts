import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128230447_foundation } from './Migration20261128230447_foundation';
import { Migration20261128230858_messaging } from './Migration20261128230858_messaging';
import { Migration20261128232000_idempotency } from './Migration20261128232000_idempotency';

/** Every migration, in order. Listed statically so nothing depends on globbing at run time. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128230447_foundation', class: Migration20261128230447_foundation },
  { name: 'Migration20261128230858_messaging', class: Migration20261128230858_messaging },
  { name: 'Migration20261128232000_idempotency', class: Migration20261128232000_idempotency },
];
