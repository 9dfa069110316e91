import { Migration } from '@mikro-orm/migrations';

/**
 * The last opt-out or opt-in keyword each phone sent to each firm, whether or not the phone was
 * any client's then: a client who later gets that phone inherits a STOP it sent, and a keyword
 * older than the client's own consent change does not override it. Filled from the keywords
 * stored so far.
 */
export class Migration20261129180000_phone_consent extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sms_phone_consent" ("firm_id" uuid not null, "phone" varchar(20) not null, "opted_out" boolean not null, "keyword" varchar(16) not null, "by_carrier" boolean not null default false, "changed_at" timestamptz not null, "message_id" uuid null, "updated_at" timestamptz not null, constraint "sms_phone_consent_pkey" primary key ("firm_id", "phone"));`,
    );
    this.addSql(
      `insert into "sms_phone_consent" ("firm_id", "phone", "opted_out", "keyword", "changed_at", "message_id", "updated_at")
       select distinct on ("firm_id", "peer_number")
              "firm_id", "peer_number", "keyword" <> all (array['START', 'YES', 'UNSTOP']), "keyword",
              "created_at", "id", now()
         from "messages"
        where "direction" = 'inbound'
          and "keyword" in ('STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'START', 'YES', 'UNSTOP')
        order by "firm_id", "peer_number", "created_at" desc, "id" desc;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_phone_consent" cascade;`);
  }
}
