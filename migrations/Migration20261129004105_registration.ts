import { Migration } from '@mikro-orm/migrations';

/**
 * A2P 10DLC registrations and the steps of their workflow. The partial unique index allows one
 * registration in progress per firm, which settles concurrent submissions; the EIN is kept only
 * encrypted (and its last four digits for the masked form).
 */
export class Migration20261129004105_registration extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sms_registrations" ("id" uuid not null, "firm_id" uuid not null, "status" varchar(16) not null, "form" jsonb not null, "ein_ciphertext" text not null, "ein_last4" varchar(4) not null, "submitted_by" uuid not null, "submitted_at" timestamptz not null, "updated_at" timestamptz not null, "completed_at" timestamptz null, "messaging_service_sid" varchar(64) null, "attached_number_sid" varchar(64) null, constraint "sms_registrations_pkey" primary key ("id"), constraint "sms_registrations_status_check" check ("status" in ('in_progress', 'approved', 'failed')));`,
    );
    this.addSql(
      `create index "sms_registrations_firm_submitted_idx" on "sms_registrations" ("firm_id", "submitted_at");`,
    );
    this.addSql(
      `create unique index "sms_registrations_firm_in_progress_unique" on "sms_registrations" ("firm_id") where "status" = 'in_progress';`,
    );

    this.addSql(
      `create table "sms_registration_steps" ("id" uuid not null, "registration_id" uuid not null, "firm_id" uuid not null, "name" varchar(32) not null, "position" smallint not null, "status" varchar(16) not null, "detail" text null, "resources" jsonb not null, "runs" int not null default 0, "polls" int not null default 0, "updated_at" timestamptz null, constraint "sms_registration_steps_pkey" primary key ("id"), constraint "sms_registration_steps_status_check" check ("status" in ('pending', 'in_progress', 'in_review', 'approved', 'failed')));`,
    );
    this.addSql(
      `create index "sms_registration_steps_firm_idx" on "sms_registration_steps" ("firm_id");`,
    );
    this.addSql(
      `alter table "sms_registration_steps" add constraint "sms_registration_steps_registration_name_unique" unique ("registration_id", "name");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_registration_steps" cascade;`);
    this.addSql(`drop table if exists "sms_registrations" cascade;`);
  }
}
