import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * SQL on the current transaction's own connection, with pg-style `$1` placeholders.
 * pg-boss and hand-written statements go through it so that, inside a transaction, nothing
 * waits on a second connection (which would hang the embedded database and drain a real pool).
 */
export interface TxSql {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
}

interface PgConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function txSql(em: EntityManager): TxSql {
  const trx = em.getTransactionContext<Knex.Transaction>();
  if (!trx) throw new Error('txSql() must be called inside em.transactional()');
  // A knex transaction's client hands out the one connection the transaction runs on.
  const client = (trx as unknown as { client: { acquireConnection(): Promise<PgConnection> } })
    .client;
  return {
    async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
      const conn = await client.acquireConnection();
      const result = await conn.query(text, values);
      return result.rows as T[];
    },
  };
}
