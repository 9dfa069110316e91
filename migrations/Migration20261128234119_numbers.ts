import { Migration } from '@mikro-orm/migrations';

/**
 * The firm's numbers, kept as history. Partial unique indexes allow one active number per firm
 * and one active holder per phone number, which is what settles concurrent claims.
 */
export class Migration20261128234119_numbers extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "firm_numbers" ("id" uuid not null, "firm_id" uuid not null, "phone_number" varchar(20) not null, "carrier_id" varchar(64) not null, "friendly_name" varchar(200) not null, "status" varchar(16) not null, "claimed_at" timestamptz not null, "claimed_by" uuid not null, "released_at" timestamptz null, "released_by" uuid null, "inbound_paused" boolean not null default false, "inbound_paused_at" timestamptz null, constraint "firm_numbers_pkey" primary key ("id"), constraint "firm_numbers_status_check" check ("status" in ('active', 'released')));`,
    );
    this.addSql(
      `create unique index "firm_numbers_active_firm_unique" on "firm_numbers" ("firm_id") where "status" = 'active';`,
    );
    this.addSql(
      `create unique index "firm_numbers_active_phone_unique" on "firm_numbers" ("phone_number") where "status" = 'active';`,
    );
    this.addSql(
      `create index "firm_numbers_firm_claimed_idx" on "firm_numbers" ("firm_id", "claimed_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "firm_numbers" cascade;`);
  }
}
