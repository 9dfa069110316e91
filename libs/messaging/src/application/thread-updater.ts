import type { EntityManager } from '@mikro-orm/postgresql';
import { multiRowInsert, txSql } from '@app/platform';

export interface ThreadTouch {
  firmId: string;
  clientId: string;
  id: string;
  createdAt: Date;
  direction: 'outbound' | 'inbound';
}

interface ThreadRow {
  clientId: string;
  firmId: string;
  lastMessageId: string;
  lastMessageAt: Date;
  lastOutboundAt: Date | null;
}

/**
 * Moves a client's thread to the top of the list after a message was stored; on the caller's
 * transaction. An upsert that keeps the latest of what it finds and what it brings, by the
 * thread page's own order (time, then id), so concurrent messages to one thread never lose an
 * update and the list shows the message the thread shows first; deferred to the commit, since nothing
 * in the transaction reads it back. Every thread a transaction touches goes in one statement
 * (texts received together), each thread once, in the order first touched.
 */
export function touchThread(em: EntityManager, message: ThreadTouch): void {
  txSql(em).deferRows('threads', message, threadUpsert);
}

/** The touches merged per thread, in the order first touched, as one upsert. */
export function threadUpsert(touches: readonly ThreadTouch[]): { text: string; values: unknown[] } {
  const rows = new Map<string, ThreadRow>();
  for (const t of touches) {
    const outboundAt = t.direction === 'outbound' ? t.createdAt : null;
    const known = rows.get(t.clientId);
    if (!known) {
      rows.set(t.clientId, {
        clientId: t.clientId,
        firmId: t.firmId,
        lastMessageId: t.id,
        lastMessageAt: t.createdAt,
        lastOutboundAt: outboundAt,
      });
      continue;
    }
    // As the upsert below: the later message wins, and on a tie the greater id, which is the
    // order of the thread page (created_at desc, id desc); canonical UUID text sorts as bytes.
    const [time, knownTime] = [t.createdAt.getTime(), known.lastMessageAt.getTime()];
    if (time > knownTime || (time === knownTime && t.id > known.lastMessageId)) {
      known.lastMessageId = t.id;
      known.lastMessageAt = t.createdAt;
    }
    if (outboundAt && (!known.lastOutboundAt || outboundAt > known.lastOutboundAt)) {
      known.lastOutboundAt = outboundAt;
    }
  }
  const { text, values } = multiRowInsert(
    'threads',
    ['client_id', 'firm_id', 'last_message_id', 'last_message_at', 'last_outbound_at'],
    [...rows.values()].map((r) => [
      r.clientId,
      r.firmId,
      r.lastMessageId,
      r.lastMessageAt,
      r.lastOutboundAt,
    ]),
  );
  return {
    text: `${text}
     on conflict (client_id) do update set
       last_message_id = case
         when (excluded.last_message_at, excluded.last_message_id) > (threads.last_message_at, threads.last_message_id)
         then excluded.last_message_id else threads.last_message_id end,
       last_message_at = greatest(threads.last_message_at, excluded.last_message_at),
       last_outbound_at = case
         when excluded.last_outbound_at is null then threads.last_outbound_at
         when threads.last_outbound_at is null then excluded.last_outbound_at
         else greatest(threads.last_outbound_at, excluded.last_outbound_at) end`,
    values,
  };
}
