import { Migration } from '@mikro-orm/migrations';

/**
 * A check the inbound webhook's transaction runs with its COMMIT when it matched a sender by the
 * clients this process remembered for that firm and phone: it fails the transaction, with
 * SQLSTATE AP002, unless exactly those clients (ids, names and emails, oldest first) still have
 * that phone in that firm.
 */
export class Migration20261207010000_phone_clients_check extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "directory_assert_phone_clients"(
        p_firm uuid, p_phone text, p_ids uuid[], p_names text[], p_emails text[]) returns void
      language plpgsql as $$
      declare
        v_ids uuid[];
        v_names text[];
        v_emails text[];
      begin
        select coalesce(array_agg(id order by created_at, id), '{}'),
               coalesce(array_agg(name::text order by created_at, id), '{}'),
               coalesce(array_agg(email::text order by created_at, id), '{}')
          into v_ids, v_names, v_emails
          from clients where firm_id = p_firm and phone = p_phone;
        if v_ids is distinct from p_ids or v_names is distinct from p_names
           or v_emails is distinct from p_emails then
          raise exception 'the clients with the sender''s phone changed since they were read'
            using errcode = 'AP002';
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `drop function if exists "directory_assert_phone_clients"(uuid, text, uuid[], text[], text[]);`,
    );
  }
}
