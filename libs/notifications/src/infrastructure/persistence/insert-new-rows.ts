import type { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';

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

/** The same insert, sent with the transaction's deferred writes when it commits. */
export function insertNewRowsAtCommit(
  em: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  conflictKey: string[],
): void {
  if (rows.length === 0) return;
  const { text, values } = insertStatement(table, columns, rows, conflictKey);
  txSql(em).defer(text, values);
}

function insertStatement(
  table: string,
  columns: string[],
  rows: unknown[][],
  conflictKey: string[],
): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    const placeholders = row.map((value) => {
      values.push(value);
      return `$${values.length}`;
    });
    return `(${placeholders.join(', ')})`;
  });
  const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');
  const text =
    `insert into "${table}" (${quoted(columns)}) values ${tuples.join(', ')} ` +
    `on conflict (${quoted(conflictKey)}) do nothing`;
  return { text, values };
}
