import { Migration } from '@mikro-orm/migrations';

/** Replays of client-facing creates (Idempotency-Key), scoped per firm or the operator. */
export class Migration20261128232000_idempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "idempotency_keys" ("scope" varchar(64) not null, "key" varchar(200) not null, "request_hash" char(64) not null, "status" smallint null, "response" jsonb null, "created_at" timestamptz not null, constraint "idempotency_keys_pkey" primary key ("scope", "key"));`,
    );
    this.addSql(`create index "idempotency_keys_created_idx" on "idempotency_keys" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_keys";`);
  }
}
