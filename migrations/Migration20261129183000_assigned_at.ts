import { Migration } from '@mikro-orm/migrations';

/**
 * When Unmatched triage put an inbound text into a client's thread. The text keeps the time it
 * arrived, which may be before a member last read that thread; it is unread for them if it
 * entered the thread after they read it. Few texts are ever assigned, so the index is small.
 */
export class Migration20261129183000_assigned_at extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "messages" add column "assigned_at" timestamptz null;`);
    this.addSql(
      `create index "messages_assigned_idx" on "messages" ("firm_id", "client_id", "assigned_at") where "assigned_at" is not null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "messages_assigned_idx";`);
    this.addSql(`alter table "messages" drop column if exists "assigned_at";`);
  }
}
