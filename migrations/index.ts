import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128230447_foundation } from './Migration20261128230447_foundation';
import { Migration20261128230858_messaging } from './Migration20261128230858_messaging';
import { Migration20261128232000_idempotency } from './Migration20261128232000_idempotency';
import { Migration20261128233547_activity } from './Migration20261128233547_activity';
import { Migration20261128234000_outbound_send } from './Migration20261128234000_outbound_send';
import { Migration20261128234119_numbers } from './Migration20261128234119_numbers';
import { Migration20261128234928_notifications } from './Migration20261128234928_notifications';
import { Migration20261128235000_templates } from './Migration20261128235000_templates';
import { Migration20261129004105_registration } from './Migration20261129004105_registration';
import { Migration20261129180000_phone_consent } from './Migration20261129180000_phone_consent';
import { Migration20261129183000_assigned_at } from './Migration20261129183000_assigned_at';
import { Migration20261129210000_number_holder_check } from './Migration20261129210000_number_holder_check';
import { Migration20261207010000_phone_clients_check } from './Migration20261207010000_phone_clients_check';

/** Every migration, in order. Listed statically so nothing depends on globbing at run time. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128230447_foundation', class: Migration20261128230447_foundation },
  { name: 'Migration20261128230858_messaging', class: Migration20261128230858_messaging },
  { name: 'Migration20261128232000_idempotency', class: Migration20261128232000_idempotency },
  { name: 'Migration20261128233547_activity', class: Migration20261128233547_activity },
  {
    name: 'Migration20261128234000_outbound_send',
    class: Migration20261128234000_outbound_send,
  },
  { name: 'Migration20261128234119_numbers', class: Migration20261128234119_numbers },
  {
    name: 'Migration20261128234928_notifications',
    class: Migration20261128234928_notifications,
  },
  { name: 'Migration20261128235000_templates', class: Migration20261128235000_templates },
  { name: 'Migration20261129004105_registration', class: Migration20261129004105_registration },
  { name: 'Migration20261129180000_phone_consent', class: Migration20261129180000_phone_consent },
  { name: 'Migration20261129183000_assigned_at', class: Migration20261129183000_assigned_at },
  {
    name: 'Migration20261129210000_number_holder_check',
    class: Migration20261129210000_number_holder_check,
  },
  {
    name: 'Migration20261207010000_phone_clients_check',
    class: Migration20261207010000_phone_clients_check,
  },
];
