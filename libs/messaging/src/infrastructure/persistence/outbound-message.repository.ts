import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { readSql, statementSql, txSql } from '@app/platform';
import { OutboundStatus, statusRank } from '../../domain/message-status';
import { MessageEntity } from './message.entity';

/** What a status change needs to tell the other contexts and the live views. */
export interface ChangedMessage {
  id: string;
  firmId: string;
  clientId: string | null;
  sentBy: string | null;
  status: OutboundStatus;
}

/** A message claimed for one dispatch attempt. */
export interface DispatchableMessage extends ChangedMessage {
  body: string;
  from: string;
  to: string;
  attempts: number;
  /** When the first attempt of the current dispatch began. */
  sendingSince: Date;
}

interface ChangedRow {
  id: string;
  firm_id: string;
  client_id: string | null;
  sent_by: string | null;
  status: OutboundStatus;
}

const CHANGED = 'id, firm_id, client_id, sent_by, status';

function toChanged(row: ChangedRow): ChangedMessage {
  return {
    id: row.id,
    firmId: row.firm_id,
    clientId: row.client_id,
    sentBy: row.sent_by,
    status: row.status,
  };
}

/**
 * The outbound writes, each a single conditional statement: a status only ever moves forward by
 * rank, so the worker, its retries and the carrier's callbacks (late, repeated, out of order) can
 * interleave in any order and still converge. The dispatcher's claim and acceptance stand alone
 * (PostgreSQL commits each as its own transaction); the rest join the caller's transaction.
 */
@Injectable()
export class OutboundMessageRepository {
  /** False when the firm already used the message's idempotency key (nothing was written). */
  async insertQueued(tx: EntityManager, m: MessageEntity): Promise<boolean> {
    const rows = await txSql(tx).query(
      `insert into messages (id, firm_id, client_id, direction, channel, body, from_number, to_number,
         peer_number, status, status_rank, segments, encoding, sent_by, includes_disclosure,
         template_id, idempotency_key, request_hash, created_at, status_updated_at)
       values ($1, $2, $3, 'outbound', 'sms', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
         $16, $17, $17)
       on conflict (firm_id, idempotency_key) where idempotency_key is not null do nothing
       returning id`,
      [
        m.id,
        m.firmId,
        m.clientId,
        m.body,
        m.fromNumber,
        m.toNumber,
        m.peerNumber,
        m.status,
        m.statusRank,
        m.segments,
        m.encoding,
        m.sentBy,
        m.includesDisclosure,
        m.templateId,
        m.idempotencyKey,
        m.requestHash,
        m.createdAt,
      ],
    );
    return rows.length === 1;
  }

  /**
   * Marks a queued (or interrupted) message `sending` and counts the attempt; null when it has
   * moved past that (already sent, failed or reported on by the carrier), so a repeated job is a
   * no-op. One statement, on `em`'s transaction if it has one, else committed on its own.
   */
  async claimForDispatch(
    em: EntityManager,
    id: string,
    at: Date,
  ): Promise<DispatchableMessage | null> {
    const [row] = await statementSql<
      ChangedRow & {
        body: string;
        from_number: string;
        to_number: string;
        attempts: number;
        status_updated_at: Date | string;
      }
    >(
      em,
      `update messages
          set status = 'sending', status_rank = $2, attempts = attempts + 1,
              status_updated_at = case when status = 'sending' then status_updated_at else $3 end
        where id = $1 and direction = 'outbound' and status_rank <= $2
        returning ${CHANGED}, body, from_number, to_number, attempts, status_updated_at`,
      [id, statusRank('sending'), at],
    );
    if (!row) return null;
    // Object.assign, not a spread: V8 (Node 20) gives every object spread and then extended
    // hidden classes of its own, in old space, freed only by a full GC.
    return Object.assign(toChanged(row), {
      body: row.body,
      from: row.from_number,
      to: row.to_number,
      attempts: Number(row.attempts),
      sendingSince: new Date(row.status_updated_at),
    });
  }

  /** Which of these carrier ids already belong to a message of ours; a plain read, no transaction. */
  async carrierIdsTaken(em: EntityManager, carrierIds: string[]): Promise<Set<string>> {
    if (carrierIds.length === 0) return new Set();
    const rows = await readSql<{ carrier_message_id: string }>(
      em,
      `select carrier_message_id from messages where carrier_message_id = any($1::text[])`,
      [carrierIds],
    );
    return new Set(rows.map((r) => r.carrier_message_id));
  }

  /**
   * Records the carrier's acceptance; the status becomes `sent` only when nothing further
   * (a delivery receipt that overtook the worker) was recorded. Null when the status stayed.
   * One statement: the row is locked and its rank read as it is now, then updated from that.
   */
  async recordAccepted(
    em: EntityManager,
    id: string,
    carrierMessageId: string,
    at: Date,
  ): Promise<ChangedMessage | null> {
    const [row] = await statementSql<ChangedRow & { changed: boolean }>(
      em,
      `with current as (select id, status_rank from messages where id = $1 for update)
       update messages m
          set carrier_message_id = $2, carrier_accepted = true,
              status = case when c.status_rank < $3 then 'sent' else m.status end,
              status_rank = greatest(c.status_rank, $3),
              status_updated_at = case when c.status_rank < $3 then $4 else m.status_updated_at end
         from current c
        where m.id = c.id
        returning m.id, m.firm_id, m.client_id, m.sent_by, m.status, c.status_rank < $3 as changed`,
      [id, carrierMessageId, statusRank('sent'), at],
    );
    return row?.changed ? toChanged(row) : null;
  }

  /** A permanent failure decided by the dispatcher; null when the message had moved on. */
  async markFailed(
    tx: EntityManager,
    id: string,
    failure: { errorCode: string; errorReason: string; at: Date },
  ): Promise<ChangedMessage | null> {
    const [row] = await txSql(tx).query<ChangedRow>(
      `update messages
          set status = 'failed', status_rank = $2, error_code = $3, error_reason = $4,
              status_updated_at = $5
        where id = $1 and direction = 'outbound' and status_rank < $2
        returning ${CHANGED}`,
      [id, statusRank('failed'), failure.errorCode, failure.errorReason, failure.at],
    );
    return row ? toChanged(row) : null;
  }

  /**
   * Applies a carrier status report in one conditional UPDATE, found by the carrier's id or (when
   * the report arrived before the worker stored that id) by our own id carried on the callback.
   * Null when nothing changed: unknown message, a repeat, or a report older than what is stored.
   */
  async applyCarrierStatus(
    tx: EntityManager,
    report: {
      carrierMessageId: string;
      messageId: string | null;
      status: OutboundStatus;
      errorCode: string | null;
      errorReason: string | null;
      at: Date;
    },
  ): Promise<ChangedMessage | null> {
    const [row] = await txSql(tx).query<ChangedRow>(
      `update messages
          set status = $3, status_rank = $4, status_updated_at = $5,
              error_code = $6, error_reason = $7,
              carrier_message_id = coalesce(carrier_message_id, $1), carrier_accepted = true
        where direction = 'outbound' and status_rank < $4
          and (carrier_message_id = $1
               or (id = $2::uuid and (carrier_message_id is null or carrier_message_id = $1)))
        returning ${CHANGED}`,
      [
        report.carrierMessageId,
        report.messageId,
        report.status,
        statusRank(report.status),
        report.at,
        report.errorCode,
        report.errorReason,
      ],
    );
    return row ? toChanged(row) : null;
  }
}
