import type { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';

/**
 * Moves a client's thread to the top of the list after a message was stored; on the caller's
 * transaction. A single upsert, so concurrent messages to one thread never lose an update;
 * deferred to the commit, since nothing in the transaction reads it back.
 */
export function touchThread(
  em: EntityManager,
  message: {
    firmId: string;
    clientId: string;
    id: string;
    createdAt: Date;
    direction: 'outbound' | 'inbound';
  },
): void {
  const outboundAt = message.direction === 'outbound' ? message.createdAt : null;
  txSql(em).defer(
    `insert into threads (client_id, firm_id, last_message_id, last_message_at, last_outbound_at)
     values ($1, $2, $3, $4, $5)
     on conflict (client_id) do update set
       last_message_id = case when excluded.last_message_at >= threads.last_message_at then excluded.last_message_id else threads.last_message_id end,
       last_message_at = greatest(threads.last_message_at, excluded.last_message_at),
       last_outbound_at = case
         when excluded.last_outbound_at is null then threads.last_outbound_at
         when threads.last_outbound_at is null then excluded.last_outbound_at
         else greatest(threads.last_outbound_at, excluded.last_outbound_at) end`,
    [message.clientId, message.firmId, message.id, message.createdAt, outboundAt],
  );
}
