import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GroupCommit, readSql, statementSql, txSql } from '@app/platform';
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

interface Claim {
  em: EntityManager;
  id: string;
  at: Date;
}

interface Acceptance extends Claim {
  carrierMessageId: string;
}

/**
 * Claims and acceptances outside a transaction that arrive while earlier ones are being written
 * share one statement (see `GroupCommit`): a worker fetches its jobs in batches and hands them to
 * the carrier together, so one statement serves many texts.
 */
const STATEMENTS_IN_FLIGHT = 2;
const IDS_PER_STATEMENT = 100;

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
 * interleave in any order and still converge. The dispatcher's claims and acceptances stand alone
 * (PostgreSQL commits each statement as its own transaction, and those arriving together share
 * one); the rest join the caller's transaction.
 */
@Injectable()
export class OutboundMessageRepository {
  private readonly claims = new GroupCommit<Claim, DispatchableMessage | null>({
    run: (items) =>
      this.claimAll(
        items[0].em,
        items.map((i) => i.id),
        items[0].at,
      ),
    concurrency: STATEMENTS_IN_FLIGHT,
    maxItems: IDS_PER_STATEMENT,
  });

  private readonly acceptances = new GroupCommit<Acceptance, ChangedMessage | null>({
    run: (items) => this.recordAllAccepted(items),
    concurrency: STATEMENTS_IN_FLIGHT,
    maxItems: IDS_PER_STATEMENT,
  });

  /**
   * Stores a queued message with the transaction's commit, in the same round trip: nothing in
   * the send reads it back. An idempotency key the firm already used fails that commit with a
   * unique violation on `messages_idempotency_unique` (see `isIdempotencyKeyTaken`), after
   * waiting for a concurrent transaction that holds it, so the whole send rolls back.
   */
  insertQueuedAtCommit(tx: EntityManager, m: MessageEntity): void {
    txSql(tx).defer(
      `insert into messages (id, firm_id, client_id, direction, channel, body, from_number, to_number,
         peer_number, status, status_rank, segments, encoding, sent_by, includes_disclosure,
         template_id, idempotency_key, request_hash, created_at, status_updated_at)
       values ($1, $2, $3, 'outbound', 'sms', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
         $16, $17, $17)`,
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
  }

  /**
   * Marks a queued (or interrupted) message `sending` and counts the attempt; null when it has
   * moved past that (already sent, failed or reported on by the carrier), so a repeated job is a
   * no-op. One statement, on `em`'s transaction if it has one, else committed on its own
   * together with the claims that arrive while one is running (a worker claims a fetched batch
   * of jobs at once).
   */
  async claimForDispatch(
    em: EntityManager,
    id: string,
    at: Date,
  ): Promise<DispatchableMessage | null> {
    if (em.getTransactionContext()) return (await this.claimAll(em, [id], at))[0];
    return this.claims.submit({ em, id, at });
  }

  private async claimAll(
    em: EntityManager,
    ids: string[],
    at: Date,
  ): Promise<Array<DispatchableMessage | null>> {
    const rows = await statementSql<
      ChangedRow & {
        body: string;
        from_number: string;
        to_number: string;
        attempts: number;
        status_updated_at: Date | string;
      }
    >(
      em,
      // Rows are locked in id order, so claims that overlap never deadlock.
      `with target as (
         select id from messages
          where id = any($1::uuid[]) and direction = 'outbound' and status_rank <= $2
          order by id
          for update)
       update messages m
          set status = 'sending', status_rank = $2, attempts = m.attempts + 1,
              status_updated_at = case when m.status = 'sending' then m.status_updated_at else $3 end
         from target t
        where m.id = t.id
        returning m.id, m.firm_id, m.client_id, m.sent_by, m.status, m.body, m.from_number,
                  m.to_number, m.attempts, m.status_updated_at`,
      [[...new Set(ids)], statusRank('sending'), at],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      // An id twice in one statement is one claim: its first asker dispatches it.
      if (!row) return null;
      byId.delete(id);
      // Object.assign, not a spread: V8 (Node 20) gives every object spread and then extended
      // hidden classes of its own, in old space, freed only by a full GC.
      return Object.assign(toChanged(row), {
        body: row.body,
        from: row.from_number,
        to: row.to_number,
        attempts: Number(row.attempts),
        sendingSince: new Date(row.status_updated_at),
      });
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
   * One statement, shared outside a transaction with the acceptances that arrive while one is
   * being written: each row is locked and its rank read as it is now, then updated from that.
   */
  async recordAccepted(
    em: EntityManager,
    id: string,
    carrierMessageId: string,
    at: Date,
  ): Promise<ChangedMessage | null> {
    const acceptance = { em, id, carrierMessageId, at };
    if (em.getTransactionContext()) return (await this.recordAllAccepted([acceptance]))[0];
    return this.acceptances.submit(acceptance);
  }

  private async recordAllAccepted(
    items: readonly Acceptance[],
  ): Promise<Array<ChangedMessage | null>> {
    // An id twice in one statement is one acceptance: the first is recorded.
    const first = new Map<string, Acceptance>();
    for (const item of items) if (!first.has(item.id)) first.set(item.id, item);
    const accepted = [...first.values()];
    const rows = await statementSql<ChangedRow & { changed: boolean }>(
      items[0].em,
      `with accepted as (
         select * from unnest($1::uuid[], $2::text[], $3::timestamptz[]) as a(id, carrier_id, at)),
       current as (
         select m.id, m.status_rank from messages m join accepted a on a.id = m.id
          order by m.id
          for update of m)
       update messages m
          set carrier_message_id = a.carrier_id, carrier_accepted = true,
              status = case when c.status_rank < $4 then 'sent' else m.status end,
              status_rank = greatest(c.status_rank, $4),
              status_updated_at = case when c.status_rank < $4 then a.at else m.status_updated_at end
         from current c join accepted a on a.id = c.id
        where m.id = c.id
        returning m.id, m.firm_id, m.client_id, m.sent_by, m.status, c.status_rank < $4 as changed`,
      [
        accepted.map((a) => a.id),
        accepted.map((a) => a.carrierMessageId),
        accepted.map((a) => a.at),
        statusRank('sent'),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return items.map((item) => {
      const row = first.get(item.id) === item ? byId.get(item.id) : undefined;
      return row?.changed ? toChanged(row) : null;
    });
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

/** The error of a send whose idempotency key the firm had used already (see `insertQueuedAtCommit`). */
export function isIdempotencyKeyTaken(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'messages_idempotency_unique';
}
