import type { EntityManager } from '@mikro-orm/postgresql';
import { multiRowInsert, txSql } from '@app/platform';

/**
 * One multi-row INSERT on the transaction of `em` that skips rows its unique key already holds,
 * answering the ids it did insert. Raw SQL keeps these writes out of the publisher's unit of
 * work, whose transaction the event subscribers share.
 */
export async function insertNewRows(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  conflictKey: string[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const { text, values } = insertStatement(table, columns, rows, conflictKey);
  const inserted = await txSql(em).query<{ id: string }>(`${text} returning "id"`, values);
  return new Set(inserted.map((row) => row.id));
}

/**
 * The same insert, sent with the transaction's deferred writes when it commits; the rows of
 * every such call on one table in the transaction go in one statement.
 */
export function insertNewRowsAtCommit(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  conflictKey: string[],
): void {
  if (rows.length === 0) return;
  txSql(em).deferRows(`insert-new:${table}`, rows, (calls) =>
    insertStatement(table, columns, calls.flat(), conflictKey),
  );
}

function insertStatement(
  table: string,
  columns: string[],
  rows: unknown[][],
  conflictKey: string[],
): { text: string; values: unknown[] } {
  const { text, values } = multiRowInsert(table, columns, rows);
  const key = conflictKey.map((n) => `"${n}"`).join(', ');
  return { text: `${text} on conflict (${key}) do nothing`, values };
}
