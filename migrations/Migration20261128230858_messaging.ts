import { Migration } from '@mikro-orm/migrations';

export class Migration20261128230858_messaging extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "messages" ("id" uuid not null, "firm_id" uuid not null, "client_id" uuid null, "direction" varchar(8) not null, "channel" varchar(8) not null default 'sms', "body" text not null, "from_number" varchar(20) not null, "to_number" varchar(20) not null, "peer_number" varchar(20) not null, "status" varchar(16) not null, "status_rank" smallint not null, "segments" smallint not null, "encoding" varchar(5) not null, "sent_by" uuid null, "carrier_message_id" varchar(64) null, "error_code" varchar(16) null, "error_reason" text null, "includes_disclosure" boolean not null default false, "template_id" uuid null, "idempotency_key" varchar(200) null, "keyword" varchar(16) null, "possible_opt_out" boolean not null default false, "received_while_paused" boolean not null default false, "match_candidates" jsonb null, "attempts" smallint not null default 0, "carrier_accepted" boolean not null default false, "created_at" timestamptz not null, "status_updated_at" timestamptz not null, constraint "messages_pkey" primary key ("id"));`);
    this.addSql(`alter table "messages" add constraint "messages_direction_check" check ("direction" in ('outbound', 'inbound'));`);
    this.addSql(`alter table "messages" add constraint "messages_status_check" check ("status" in ('queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'received'));`);
    this.addSql(`create unique index "messages_idempotency_unique" on "messages" ("firm_id", "idempotency_key") where "idempotency_key" is not null;`);
    this.addSql(`create unique index "messages_carrier_id_unique" on "messages" ("carrier_message_id") where "carrier_message_id" is not null;`);
    this.addSql(`create index "messages_firm_peer_idx" on "messages" ("firm_id", "peer_number", "created_at");`);
    this.addSql(`create index "messages_unmatched_idx" on "messages" ("firm_id", "created_at" desc, "id" desc) where "client_id" is null and "direction" = 'inbound';`);
    this.addSql(`create index "messages_firm_created_idx" on "messages" ("firm_id", "created_at");`);
    this.addSql(`create index "messages_thread_idx" on "messages" ("firm_id", "client_id", "created_at" desc, "id" desc);`);

    this.addSql(`create table "threads" ("client_id" uuid not null, "firm_id" uuid not null, "last_message_id" uuid not null, "last_message_at" timestamptz not null, "last_outbound_at" timestamptz null, constraint "threads_pkey" primary key ("client_id"));`);
    this.addSql(`create index "threads_recent_idx" on "threads" ("firm_id", "last_message_at" desc, "client_id" desc);`);

    this.addSql(`create table "thread_reads" ("client_id" uuid not null, "member_id" uuid not null, "firm_id" uuid not null, "read_at" timestamptz not null, constraint "thread_reads_pkey" primary key ("client_id", "member_id"));`);

  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "messages" cascade;`);

    this.addSql(`drop table if exists "threads" cascade;`);

    this.addSql(`drop table if exists "thread_reads" cascade;`);

  }

}
