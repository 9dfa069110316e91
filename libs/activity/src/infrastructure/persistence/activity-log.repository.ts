import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '@app/kernel';
import { multiRowInsert, txSql } from '@app/platform';
import type { ActivityData, ActivityEntry, NewActivityEntry } from '../../domain/activity-entry';
import type { ActivityFilter } from '../../domain/activity-filter';
import type { ActivityType } from '../../domain/activity-type';

/**
 * Where a page starts: just after this entry in newest-first order. `occurredAt` is the
 * database's own value to the microsecond, so no entry is skipped or repeated across pages.
 */
export interface ActivityPosition {
  occurredAt: string;
  seq: string;
}

export interface ActivityRow extends ActivityEntry {
  position: ActivityPosition;
}

interface SqlRow {
  id: string;
  seq: string;
  type: ActivityType;
  occurred_at_utc: string;
  actor_id: string | null;
  client_id: string | null;
  message_id: string | null;
  data: ActivityData;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * One page of a firm's log, newest first. Every condition is one the indexes of
 * activity-entry.entity.ts serve, and the row comparison continues exactly after the cursor.
 */
export function activityPageSql(
  firmId: string,
  filter: ActivityFilter,
  after: ActivityPosition | null,
  limit: number,
): { sql: string; params: unknown[] } {
  const where = ['firm_id = ?'];
  const params: unknown[] = [firmId];
  if (filter.type && 'exact' in filter.type) {
    where.push('type = ?');
    params.push(filter.type.exact);
  } else if (filter.type) {
    where.push('type like ?');
    params.push(`${escapeLike(filter.type.prefix)}%`);
  }
  if (filter.clientId) {
    where.push('client_id = ?');
    params.push(filter.clientId);
  }
  if (filter.actorId) {
    where.push('actor_id = ?');
    params.push(filter.actorId);
  }
  if (filter.from) {
    where.push('occurred_at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('occurred_at <= ?');
    params.push(filter.to);
  }
  if (after) {
    where.push('(occurred_at, seq) < (cast(? as timestamptz), cast(? as bigint))');
    params.push(after.occurredAt, after.seq);
  }
  params.push(limit);
  const sql =
    'select id, seq, type,' +
    ` to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at_utc,` +
    ' actor_id, client_id, message_id, data from activity_log' +
    ` where ${where.join(' and ')} order by occurred_at desc, seq desc limit ?`;
  return { sql, params };
}

@Injectable()
export class ActivityLogRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Written on the caller's transaction with its other deferred writes, just before it commits,
   * so the entry commits or rolls back with the change. Every entry of one transaction goes in
   * one multi-row insert.
   */
  async append(tx: EntityManager, entry: NewActivityEntry): Promise<void> {
    txSql(tx).deferRows('activity_log', entry, (entries) =>
      multiRowInsert(
        'activity_log',
        ['id', 'firm_id', 'type', 'occurred_at', 'actor_id', 'client_id', 'message_id', 'data'],
        entries.map((e) => [
          newId(),
          e.firmId,
          e.type,
          e.occurredAt,
          e.actorId,
          e.clientId,
          e.messageId,
          JSON.stringify(e.data),
        ]),
      ),
    );
  }

  /** Outside any transaction: a long export must not hold one open (nor block the embedded database). */
  async page(
    firmId: string,
    filter: ActivityFilter,
    after: ActivityPosition | null,
    limit: number,
  ): Promise<ActivityRow[]> {
    const { sql, params } = activityPageSql(firmId, filter, after, limit);
    const rows = await this.em.fork().getConnection().execute<SqlRow[]>(sql, params, 'all');
    return rows.map((r) => ({
      id: r.id,
      position: { occurredAt: r.occurred_at_utc, seq: String(r.seq) },
      type: r.type,
      occurredAt: new Date(r.occurred_at_utc),
      actorId: r.actor_id,
      clientId: r.client_id,
      messageId: r.message_id,
      data: r.data,
    }));
  }
}
