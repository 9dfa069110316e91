import { Migration } from '@mikro-orm/migrations';

/**
 * A check the inbound webhook's transaction runs with its COMMIT when it relied on a firm's
 * number as this process remembered it: it fails the transaction, with SQLSTATE AP001, unless
 * the number is still active, held by that firm, with that inbound pause.
 */
export class Migration20261129210000_number_holder_check extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "numbers_assert_holder"(
        p_phone text, p_firm uuid, p_paused boolean) returns void
      language plpgsql as $$
      begin
        if not exists (
          select 1 from firm_numbers
           where phone_number = p_phone and status = 'active'
             and firm_id = p_firm and inbound_paused = p_paused) then
          raise exception 'the firm''s number changed since it was read' using errcode = 'AP001';
        end if;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists "numbers_assert_holder"(text, uuid, boolean);`);
  }
}
