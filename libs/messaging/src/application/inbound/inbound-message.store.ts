import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { multiRowInsert, txSql } from '@app/platform';
import type { MessageEntity } from '../../infrastructure/persistence/message.entity';

export interface MovedMessage {
  id: string;
  createdAt: Date;
}

const COLUMNS = [
  'id',
  'firm_id',
  'client_id',
  'direction',
  'channel',
  'body',
  'from_number',
  'to_number',
  'peer_number',
  'status',
  'status_rank',
  'segments',
  'encoding',
  'carrier_message_id',
  'carrier_accepted',
  'received_while_paused',
  'match_candidates',
  'keyword',
  'possible_opt_out',
  'created_at',
  'status_updated_at',
];

/** The inbound writes that must be single statements to stay correct under concurrency. */
@Injectable()
export class InboundMessageStore {
  /**
   * Stores each message unless one with the same carrier id exists, in one statement; answers
   * the ids it stored. Rows go in carrier-id order, so concurrent groups meet on the unique
   * index in one order. A concurrent repeat waits on the index until the first commits and then
   * inserts nothing, so exactly one caller stores each carrier id.
   */
  async insertNew(tx: EntityManager, messages: readonly MessageEntity[]): Promise<Set<string>> {
    if (messages.length === 0) return new Set();
    const { text, values } = insertStatement(messages);
    const stored = await txSql(tx).query<{ id: string }>(
      `${text}
       on conflict (carrier_message_id) where carrier_message_id is not null do nothing
       returning id`,
      values,
    );
    return new Set(stored.map((r) => r.id));
  }

  /**
   * Stores the message with the transaction's commit, as it is then (a keyword found meanwhile
   * included), in one statement with the others the transaction stores so. Nothing is skipped:
   * a carrier id stored before fails the commit with a unique violation on
   * `messages_carrier_id_unique` (see `isStoredCarrierId`), after waiting, as `insertNew` does,
   * for a concurrent transaction that holds it.
   */
  insertAtCommit(tx: EntityManager, message: MessageEntity): void {
    txSql(tx).deferRows('messages.inbound', message, insertStatement);
  }

  async recordCompliance(tx: EntityManager, m: MessageEntity): Promise<void> {
    await txSql(tx).query(`update messages set keyword = $2, possible_opt_out = $3 where id = $1`, [
      m.id,
      m.keyword,
      m.possibleOptOut,
    ]);
  }

  /** Moves every other unmatched text from that number into the client's thread, oldest first. */
  async moveUnmatchedFromPeer(
    tx: EntityManager,
    firmId: string,
    peerNumber: string,
    clientId: string,
    at: Date,
  ): Promise<MovedMessage[]> {
    const rows = await txSql(tx).query<{ id: string; created_at: Date | string }>(
      `update messages set client_id = $3, match_candidates = null, assigned_at = $4
        where firm_id = $1 and peer_number = $2 and client_id is null and direction = 'inbound'
        returning id, created_at`,
      [firmId, peerNumber, clientId, at],
    );
    return rows
      .map((r) => ({ id: r.id, createdAt: new Date(r.created_at) }))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}

/** Rows go in carrier-id order, so concurrent inserts meet on the unique index in one order. */
function insertStatement(messages: readonly MessageEntity[]): { text: string; values: unknown[] } {
  const rows = [...messages].sort((a, b) =>
    (a.carrierMessageId ?? '') < (b.carrierMessageId ?? '') ? -1 : 1,
  );
  return multiRowInsert(
    'messages',
    COLUMNS,
    rows.map((m) => [
      m.id,
      m.firmId,
      m.clientId,
      'inbound',
      'sms',
      m.body,
      m.fromNumber,
      m.toNumber,
      m.peerNumber,
      m.status,
      m.statusRank,
      m.segments,
      m.encoding,
      m.carrierMessageId,
      true,
      m.receivedWhilePaused,
      m.matchCandidates ? JSON.stringify(m.matchCandidates) : null,
      m.keyword,
      m.possibleOptOut,
      m.createdAt,
      m.createdAt,
    ]),
  );
}

/** The error of a transaction that stored a carrier id already stored (see `insertAtCommit`). */
export function isStoredCarrierId(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'messages_carrier_id_unique';
}
