import { Migration } from '@mikro-orm/migrations';

/** In-app notifications, the email alerts queued for members, and their preferences. */
export class Migration20261128234928_notifications extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "notification_emails" ("id" uuid not null, "firm_id" uuid not null, "member_id" uuid not null, "message_id" uuid not null, "type" text check ("type" in ('sms.reply', 'sms.unmatched', 'sms.delivery_failed')) not null, "recipient_email" varchar(254) not null, "recipient_name" varchar(200) not null, "subject" varchar(300) not null, "summary" varchar(500) not null, "link" varchar(200) not null, "created_at" timestamptz not null, "sent_at" timestamptz null, "failed_at" timestamptz null, "failure" varchar(500) null, constraint "notification_emails_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "notification_emails" add constraint "notification_emails_member_message_type_unique" unique ("member_id", "message_id", "type");`,
    );

    this.addSql(
      `create table "notifications" ("id" uuid not null, "firm_id" uuid not null, "member_id" uuid not null, "type" text check ("type" in ('sms.reply', 'sms.unmatched', 'sms.delivery_failed')) not null, "title" varchar(300) not null, "body" varchar(500) not null, "client_id" uuid null, "message_id" uuid not null, "link" varchar(200) not null, "created_at" timestamptz not null, "read_at" timestamptz null, constraint "notifications_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "notifications_member_unread_idx" on "notifications" ("member_id", "created_at" desc, "id" desc) where "read_at" is null;`,
    );
    this.addSql(
      `create index "notifications_member_recent_idx" on "notifications" ("member_id", "created_at" desc, "id" desc);`,
    );
    this.addSql(
      `alter table "notifications" add constraint "notifications_member_message_type_unique" unique ("member_id", "message_id", "type");`,
    );

    this.addSql(
      `create table "notification_preferences" ("member_id" uuid not null, "firm_id" uuid not null, "sms_reply_in_app" boolean not null, "sms_reply_email" boolean not null, "updated_at" timestamptz not null, constraint "notification_preferences_pkey" primary key ("member_id"));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification_emails" cascade;`);
    this.addSql(`drop table if exists "notifications" cascade;`);
    this.addSql(`drop table if exists "notification_preferences" cascade;`);
  }
}
