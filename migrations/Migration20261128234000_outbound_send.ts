import { Migration } from '@mikro-orm/migrations';

/**
 * Outbound sends remember the fingerprint of the request their Idempotency-Key came with, and
 * error codes make room for the dispatcher's own (`carrier_unavailable`) beside carrier codes.
 */
export class Migration20261128234000_outbound_send extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "messages" add column "request_hash" varchar(64) null;`);
    this.addSql(`alter table "messages" alter column "error_code" type varchar(32);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "messages" alter column "error_code" type varchar(16);`);
    this.addSql(`alter table "messages" drop column "request_hash";`);
  }
}
