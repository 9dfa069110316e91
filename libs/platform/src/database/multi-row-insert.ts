import type { Statement } from './unit-of-work';

/**
 * `insert into "table" ("a", "b") values ($1, $2), ($3, $4)…` and its values: one statement for
 * many rows, each row's values in the columns' order. Callers append their `on conflict` or
 * `returning`. PostgreSQL types each placeholder from its target column.
 */
export function multiRowInsert(
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Statement & { values: unknown[] } {
  if (rows.length === 0) throw new Error(`an insert into ${table} needs at least one row`);
  const values: unknown[] = [];
  const tuples = rows.map((row) => {
    if (row.length !== columns.length) {
      throw new Error(`a row for ${table} has ${row.length} values for ${columns.length} columns`);
    }
    const placeholders = row.map((value) => `$${values.push(value)}`);
    return `(${placeholders.join(', ')})`;
  });
  const names = columns.map((c) => `"${c}"`).join(', ');
  return { text: `insert into "${table}" (${names}) values ${tuples.join(', ')}`, values };
}
