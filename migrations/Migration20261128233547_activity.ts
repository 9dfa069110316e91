import { Migration } from '@mikro-orm/migrations';

/**
 * The firm activity log. A trigger makes it append-only for every role, the table owner
 * included (a REVOKE would not bind the owner or a superuser): UPDATE, DELETE and TRUNCATE fail.
 */
export class Migration20261128233547_activity extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "activity_log" ("id" uuid not null, "seq" bigint generated always as identity not null, "firm_id" uuid not null, "type" varchar(64) not null, "occurred_at" timestamptz not null, "actor_id" uuid null, "client_id" uuid null, "message_id" uuid null, "data" jsonb not null, constraint "activity_log_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "activity_log_firm_actor_idx" on "activity_log" ("firm_id", "actor_id", "occurred_at" desc, "seq" desc) where "actor_id" is not null;`,
    );
    this.addSql(
      `create index "activity_log_firm_client_idx" on "activity_log" ("firm_id", "client_id", "occurred_at" desc, "seq" desc) where "client_id" is not null;`,
    );
    this.addSql(
      `create index "activity_log_firm_type_idx" on "activity_log" ("firm_id", "type" varchar_pattern_ops, "occurred_at" desc, "seq" desc);`,
    );
    this.addSql(
      `create index "activity_log_firm_recent_idx" on "activity_log" ("firm_id", "occurred_at" desc, "seq" desc);`,
    );
    this.addSql(
      `create function "activity_log_append_only"() returns trigger language plpgsql as $$ begin raise exception 'activity_log is append-only: % is not allowed', tg_op using errcode = '42501'; end $$;`,
    );
    this.addSql(
      `create trigger "activity_log_no_change" before update or delete on "activity_log" for each row execute function "activity_log_append_only"();`,
    );
    this.addSql(
      `create trigger "activity_log_no_truncate" before truncate on "activity_log" for each statement execute function "activity_log_append_only"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "activity_log" cascade;`);
    this.addSql(`drop function if exists "activity_log_append_only"();`);
  }
}
