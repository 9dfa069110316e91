import { THREAD_MESSAGE_COLUMNS } from './thread-message-view';

/**
 * Inbound texts that entered thread `t` after the caller's read mark `r` (all of them without a
 * mark): those that arrived since, and older ones Unmatched triage put in since. Each part has
 * its own index range (messages_thread_idx, messages_assigned_idx).
 */
const UNREAD_COUNT = `(
    (select count(*) from messages u
      where u.firm_id = $1 and u.client_id = t.client_id and u.direction = 'inbound'
        and (r.read_at is null or u.created_at > r.read_at))
  + (select count(*) from messages u
      where r.read_at is not null and u.firm_id = $1 and u.client_id = t.client_id
        and u.assigned_at > r.read_at and u.created_at <= r.read_at)
  )::int`;

/**
 * The inbox's one statement: a page of the firm's threads (`$1`), newest first, each with the
 * caller's (`$2`) unread count and its last message's columns (all null if that message is
 * gone). Keyset over threads_recent_idx (firm, last_message_at desc, client_id desc): `after`
 * narrows it past a cursor, and `$${limitParam}` is the number of rows. The bench explains this
 * same text.
 */
export function threadsPageSql(after: string, limitParam: number): string {
  return `select t.client_id as "threadClientId", t.last_message_at as "threadAt",
              ${UNREAD_COUNT} as "unreadCount", m.*
         from (select client_id, last_message_id, last_message_at
                 from threads where firm_id = $1 ${after}
                order by last_message_at desc, client_id desc
                limit $${limitParam}) t
         left join thread_reads r on r.client_id = t.client_id and r.member_id = $2
         left join lateral (
           select ${THREAD_MESSAGE_COLUMNS} from messages
            where firm_id = $1 and id = t.last_message_id) m on true
        order by t.last_message_at desc, t.client_id desc`;
}
