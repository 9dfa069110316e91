import { Migration } from '@mikro-orm/migrations';

export class Migration20261128230447_foundation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "clients" ("id" uuid not null, "firm_id" uuid not null, "name" varchar(200) not null, "phone" varchar(20) null, "email" varchar(254) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "clients_pkey" primary key ("id"));`);
    this.addSql(`create index "clients_firm_phone_idx" on "clients" ("firm_id", "phone");`);
    this.addSql(`create index "clients_firm_created_idx" on "clients" ("firm_id", "created_at", "id");`);

    this.addSql(`create table "client_sms_consent" ("client_id" uuid not null, "firm_id" uuid not null, "opted_out" boolean not null default false, "opted_out_at" timestamptz null, "opted_out_via" varchar(40) null, "opted_in_at" timestamptz null, "disclosure_sent_at" timestamptz null, "disclosure_text" text null, "disclosure_message_id" uuid null, "updated_at" timestamptz not null, constraint "client_sms_consent_pkey" primary key ("client_id"));`);
    this.addSql(`create index "client_sms_consent_firm_idx" on "client_sms_consent" ("firm_id", "client_id");`);

    this.addSql(`create table "firms" ("id" uuid not null, "name" varchar(200) not null, "created_at" timestamptz not null, constraint "firms_pkey" primary key ("id"));`);

    this.addSql(`create table "members" ("id" uuid not null, "firm_id" uuid not null, "email" varchar(254) not null, "name" varchar(200) not null, "role" varchar(16) not null, "password_hash" varchar(200) not null, "created_at" timestamptz not null, constraint "members_pkey" primary key ("id"));`);
    this.addSql(`create index "members_firm_idx" on "members" ("firm_id", "created_at");`);
    this.addSql(`alter table "members" add constraint "members_email_unique" unique ("email");`);

    // Reviewed additions: integrity inside the directory context (no keys across contexts).
    this.addSql(`alter table "members" add constraint "members_firm_fk" foreign key ("firm_id") references "firms" ("id");`);
    this.addSql(`alter table "clients" add constraint "clients_firm_fk" foreign key ("firm_id") references "firms" ("id");`);
    this.addSql(`alter table "members" add constraint "members_role_check" check ("role" in ('owner', 'admin', 'staff', 'viewer'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "clients" cascade;`);

    this.addSql(`drop table if exists "client_sms_consent" cascade;`);

    this.addSql(`drop table if exists "firms" cascade;`);

    this.addSql(`drop table if exists "members" cascade;`);
  }

}
