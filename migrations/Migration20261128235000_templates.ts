import { Migration } from '@mikro-orm/migrations';

/** SMS templates with merge fields; names unique per firm, ignoring case. */
export class Migration20261128235000_templates extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sms_templates" ("id" uuid not null, "firm_id" uuid not null, "name" varchar(100) not null, "body" text not null, "fields" jsonb not null, "created_by" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "sms_templates_pkey" primary key ("id"));`,
    );
    this.addSql(`create unique index "sms_templates_firm_name_unique" on "sms_templates" ("firm_id", lower("name"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_templates" cascade;`);
  }
}
