import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';

/**
 * Consent changes as single conditional upserts on the caller's transaction: each answers only
 * the clients whose state actually changed, so repeats and races publish no second event.
 */
@Injectable()
export class ClientSmsConsentRepository {
  /** Marks the clients opted out; answers those that were not opted out before. */
  async markOptedOut(
    tx: EntityManager,
    firmId: string,
    clientIds: string[],
    via: string,
    at: Date,
  ): Promise<string[]> {
    if (clientIds.length === 0) return [];
    const rows = await txSql(tx).query<{ client_id: string }>(
      `insert into client_sms_consent (client_id, firm_id, opted_out, opted_out_at, opted_out_via, updated_at)
       select id, $2, true, $3, $4, $3 from unnest($1::uuid[]) as id
       on conflict (client_id) do update set
         opted_out = true,
         opted_out_at = excluded.opted_out_at,
         opted_out_via = excluded.opted_out_via,
         updated_at = excluded.updated_at
       where client_sms_consent.opted_out = false and client_sms_consent.firm_id = excluded.firm_id
       returning client_id`,
      [clientIds, firmId, at, via],
    );
    return rows.map((r) => r.client_id);
  }

  /** Reverses an opt-out; clients never opted out have nothing to reverse. */
  async markOptedIn(
    tx: EntityManager,
    firmId: string,
    clientIds: string[],
    at: Date,
  ): Promise<string[]> {
    if (clientIds.length === 0) return [];
    const rows = await txSql(tx).query<{ client_id: string }>(
      `update client_sms_consent
          set opted_out = false, opted_in_at = $3, updated_at = $3
        where client_id = any($1::uuid[]) and firm_id = $2 and opted_out = true
        returning client_id`,
      [clientIds, firmId, at],
    );
    return rows.map((r) => r.client_id);
  }

  /** True for exactly one caller per client: the first to claim the disclosure. */
  async claimDisclosure(
    tx: EntityManager,
    claim: { firmId: string; clientId: string; messageId: string; text: string; at: Date },
  ): Promise<boolean> {
    const rows = await txSql(tx).query<{ client_id: string }>(
      `insert into client_sms_consent (client_id, firm_id, disclosure_sent_at, disclosure_text, disclosure_message_id, updated_at)
       values ($1, $2, $3, $4, $5, $3)
       on conflict (client_id) do update set
         disclosure_sent_at = excluded.disclosure_sent_at,
         disclosure_text = excluded.disclosure_text,
         disclosure_message_id = excluded.disclosure_message_id,
         updated_at = excluded.updated_at
       where client_sms_consent.disclosure_sent_at is null
       returning client_id`,
      [claim.clientId, claim.firmId, claim.at, claim.text, claim.messageId],
    );
    return rows.length === 1;
  }

  /** Clears the disclosure claimed by `messageId`; true when it was that message's. */
  async releaseDisclosure(
    tx: EntityManager,
    release: { firmId: string; clientId: string; messageId: string; at: Date },
  ): Promise<boolean> {
    const rows = await txSql(tx).query<{ client_id: string }>(
      `update client_sms_consent
          set disclosure_sent_at = null, disclosure_text = null, disclosure_message_id = null,
              updated_at = $4
        where client_id = $1 and firm_id = $2 and disclosure_message_id = $3
        returning client_id`,
      [release.clientId, release.firmId, release.messageId, release.at],
    );
    return rows.length === 1;
  }

  /**
   * Records an opt-out or opt-in keyword a phone sent, unless a later one is already recorded;
   * true when the phone's state changed (a phone never seen counts as opted in). The phone's row
   * is locked first, so keywords from one phone in concurrent transactions take turns and only
   * the one that changes the state says so (one confirmation at most). A phone's first keyword
   * has no row to lock: when another transaction inserts it first, this one waits for it and
   * then locks that row.
   */
  async recordPhoneKeyword(
    tx: EntityManager,
    change: {
      firmId: string;
      phone: string;
      optedOut: boolean;
      keyword: string;
      /** Twilio's OptOutType said so, rather than our reading of the body. */
      byCarrier: boolean;
      messageId: string;
      at: Date;
    },
  ): Promise<boolean> {
    const sql = txSql(tx);
    const values = [
      change.firmId,
      change.phone,
      change.optedOut,
      change.keyword,
      change.at,
      change.messageId,
      change.byCarrier,
    ];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const [held] = await sql.query<{ opted_out: boolean }>(
        `select opted_out from sms_phone_consent where firm_id = $1 and phone = $2 for update`,
        [change.firmId, change.phone],
      );
      if (!held) {
        const inserted = await sql.query(
          `insert into sms_phone_consent (firm_id, phone, opted_out, keyword, by_carrier, changed_at, message_id, updated_at)
           values ($1, $2, $3, $4, $7, $5, $6, $5)
           on conflict (firm_id, phone) do nothing
           returning opted_out`,
          values,
        );
        if (inserted.length === 1) return change.optedOut;
        continue;
      }
      const updated = await sql.query(
        `update sms_phone_consent
            set opted_out = $3, keyword = $4, by_carrier = $7, changed_at = $5, message_id = $6,
                updated_at = $5
          where firm_id = $1 and phone = $2 and changed_at <= $5
          returning opted_out`,
        values,
      );
      return updated.length === 1 && held.opted_out !== change.optedOut;
    }
    throw new Error('the phone consent row was inserted and removed under this transaction');
  }

  /** The last opt-out or opt-in keyword the phone sent the firm, if any. */
  async phoneState(tx: EntityManager, firmId: string, phone: string): Promise<PhoneConsent | null> {
    const [row] = await txSql(tx).query<PhoneConsent>(
      `select opted_out as "optedOut", keyword, by_carrier as "byCarrier", changed_at as "changedAt",
              message_id as "messageId"
         from sms_phone_consent where firm_id = $1 and phone = $2`,
      [firmId, phone],
    );
    return row ?? null;
  }

  /** When the client's consent last changed either way; null for a client never changed. */
  async clientState(
    tx: EntityManager,
    firmId: string,
    clientId: string,
  ): Promise<{ optedOut: boolean; changedAt: Date | null }> {
    const [row] = await txSql(tx).query<{ optedOut: boolean; changedAt: Date | null }>(
      `select opted_out as "optedOut",
              case when opted_out then opted_out_at else opted_in_at end as "changedAt"
         from client_sms_consent where client_id = $1 and firm_id = $2`,
      [clientId, firmId],
    );
    return row ?? { optedOut: false, changedAt: null };
  }
}

export interface PhoneConsent {
  optedOut: boolean;
  keyword: string;
  byCarrier: boolean;
  changedAt: Date;
  messageId: string | null;
}
