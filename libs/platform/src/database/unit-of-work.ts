import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { EventType, type EventSubscriber, type TransactionEventArgs } from '@mikro-orm/core';
import { prepareValue } from 'pg/lib/utils';

/**
 * SQL on the current transaction's own connection, with pg-style `$1` placeholders.
 * pg-boss and hand-written statements go through it so that, inside a transaction, nothing
 * waits on a second connection (which would hang the embedded database and drain a real pool).
 */
export interface TxSql {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /**
   * A write whose answer nobody reads (an audit entry, a notification, a queued job), sent with
   * the transaction's other deferred writes in one round trip just before it commits. It commits
   * or rolls back with the transaction like any statement; its error fails the commit. Later
   * statements of the same transaction do not see it.
   */
  defer(text: string, values?: unknown[]): void;
  /**
   * One row of a deferred statement that carries many: every call with the same `key` in the
   * transaction adds its row, and `build` turns all of them into one statement when the
   * transaction commits, at the place of the key's first row among the deferred writes. A
   * transaction that stores many texts at once then writes, say, one multi-row insert per table.
   */
  deferRows<R>(key: string, row: R, build: (rows: R[]) => Statement | Promise<Statement>): void;
}

export interface Statement {
  text: string;
  values?: unknown[];
}

interface RowsStatement {
  rows: unknown[];
  build(rows: unknown[]): Statement | Promise<Statement>;
}

type DeferredWrite = string | RowsStatement;

interface PgConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

type Transaction = Knex.Transaction;

const deferred = new WeakMap<
  object,
  { writes: DeferredWrite[]; byKey: Map<string, RowsStatement> }
>();

export function txSql(em: EntityManager): TxSql {
  const trx = em.getTransactionContext<Transaction>();
  if (!trx) throw new Error('txSql() must be called inside em.transactional()');
  return {
    async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
      const conn = await connectionOf(trx);
      try {
        return (await conn.query(text, values)).rows as T[];
      } catch (error) {
        if (!abortedBy.has(trx)) abortedBy.set(trx, error);
        throw error;
      }
    },
    defer(text: string, values: unknown[] = []): void {
      deferredOf(trx).writes.push(inlineParameters(text, values));
    },
    deferRows<R>(key: string, row: R, build: (rows: R[]) => Statement | Promise<Statement>): void {
      const list = deferredOf(trx);
      const known = list.byKey.get(key);
      if (known) {
        known.rows.push(row);
        return;
      }
      const statement: RowsStatement = {
        rows: [row],
        build: build as RowsStatement['build'],
      };
      list.byKey.set(key, statement);
      list.writes.push(statement);
    },
  };
}

/**
 * A read with `$n` placeholders and plain rows, without the ORM's hydration and identity map:
 * on the transaction's own connection inside one, on a pooled connection otherwise. For the
 * hot paths, where the ORM's bookkeeping costs more than the query.
 */
export function readSql<T = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return runSql<T>(em, text, values);
}

/**
 * One write that needs no other statement to be atomic (a conditional UPDATE … RETURNING):
 * on the transaction's own connection inside one; outside, alone on a pooled connection, where
 * PostgreSQL commits it as its own transaction. That spares the BEGIN and COMMIT round trips an
 * `em.transactional` around a single statement would cost.
 */
export function statementSql<T = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return runSql<T>(em, text, values);
}

interface PooledConnections {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(conn: PgConnection): Promise<void>;
}

function poolOf(em: EntityManager): PooledConnections {
  return em.getConnection().getKnex().client as unknown as PooledConnections;
}

async function runSql<T>(em: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  if (em.getTransactionContext()) return txSql(em).query<T>(text, values);
  const pool = poolOf(em);
  const conn = await pool.acquireConnection();
  try {
    return (await conn.query(text, values)).rows as T[];
  } finally {
    await pool.releaseConnection(conn);
  }
}

/**
 * A transaction for work that speaks SQL only (`txSql`, `readSql`, `statementSql`, deferred
 * writes and `txMemo`): BEGIN and COMMIT go straight to a connection of the ORM's pool. It skips
 * what `em.transactional` builds for every transaction so that entity operations could join it
 * (a knex transaction with a query builder of its own, a forked unit of work, an async-context
 * run), which on a hot path costs more CPU and garbage than its statements. The ORM's commit and
 * rollback events are dispatched as there, so deferred writes are flushed before COMMIT and
 * what waits for the commit (a live notification held in process) is released after it. An
 * entity operation inside it fails with a clear error rather than running beside it.
 */
export async function sqlTransaction<T>(
  em: EntityManager,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  const pool = poolOf(em);
  const pooled = await pool.acquireConnection();
  const conn = transactionConnection(pooled);
  const trx = sqlOnlyTransaction(conn);
  const tx = em.fork();
  tx.setTransactionContext(trx);
  const events = tx.getEventManager();
  const dispatch = async (event: TransactionEventType) => {
    await events.dispatchEvent(event, { em: tx, transaction: trx });
  };
  try {
    let result: T;
    try {
      result = await work(tx);
      await dispatch(EventType.beforeTransactionCommit);
      throwIfAborted(trx);
      // The deferred writes (including any a commit subscriber just added) and COMMIT go in one
      // round trip. A failing statement aborts the transaction and skips the COMMIT after it.
      const writes = await deferredText(trx);
      if (writes !== null || conn.begun()) {
        await conn.finish(writes === null ? 'commit' : `${writes};\ncommit`);
      }
    } catch (error) {
      await dispatch(EventType.beforeTransactionRollback).catch(() => undefined);
      // A failed COMMIT has already ended the transaction; ROLLBACK then only warns.
      if (conn.begun()) await conn.finish('rollback').catch(() => undefined);
      await dispatch(EventType.afterTransactionRollback).catch(() => undefined);
      throw error;
    }
    await dispatch(EventType.afterTransactionCommit);
    return result;
  } finally {
    tx.resetTransactionContext();
    await pool.releaseConnection(pooled);
  }
}

interface TransactionConnection extends PgConnection {
  /** True once BEGIN has been sent or is waiting to go with a statement. */
  begun(): boolean;
  /**
   * Sends `text` (COMMIT or ROLLBACK, with what must go before it) alone, once every statement
   * issued before it has been answered.
   */
  finish(text: string): Promise<void>;
}

interface Waiting {
  text: string;
  values: unknown[];
  resolve(result: { rows: unknown[] }): void;
  reject(error: unknown): void;
}

type Answer = { rows: unknown[] } | Array<{ rows: unknown[] }>;

/**
 * The transaction's connection. Its BEGIN travels with the transaction's first statement instead
 * of costing a round trip of its own. Statements issued together (reads a step starts at once,
 * with `Promise.all`) are sent together: each is held until the promise jobs running at the
 * moment have run, and what was issued by then goes as one simple-protocol query, its parameters
 * inlined as deferred writes inline theirs. PostgreSQL runs them in order and answers each
 * statement's rows in turn. A statement issued alone after BEGIN goes as it is, with its
 * parameters bound. If one statement of a batch fails, every statement of the batch fails with
 * its error (the transaction is aborted by then anyway). Every statement of the transaction,
 * whichever path sends it, goes through this connection.
 */
function transactionConnection(conn: PgConnection): TransactionConnection {
  let begun = false;
  let beginWaiting = false;
  let waiting: Waiting[] = [];
  let answered: Promise<unknown> = Promise.resolve();

  const send = async (
    batch: Waiting[],
    withBegin: boolean,
  ): Promise<Array<{ rows: unknown[] }>> => {
    if (!withBegin && batch.length === 1) return [await conn.query(batch[0].text, batch[0].values)];
    const texts = batch.map((w) => inlineParameters(w.text, w.values));
    if (withBegin) texts.unshift('begin');
    const answer = (await conn.query(texts.join(';\n'))) as unknown as Answer;
    const answers = Array.isArray(answer) ? answer : [answer];
    if (answers.length !== texts.length) {
      throw new Error(`a batch of ${texts.length} statements had ${answers.length} answers`);
    }
    return answers.slice(answers.length - batch.length);
  };

  const flush = () => {
    const batch = waiting;
    const withBegin = beginWaiting;
    waiting = [];
    beginWaiting = false;
    const sent = send(batch, withBegin);
    answered = sent.catch(() => undefined);
    sent.then(
      (answers) => batch.forEach((w, i) => w.resolve(answers[i])),
      (error: unknown) => batch.forEach((w) => w.reject(error)),
    );
  };

  return {
    begun: () => begun,
    query(text: string, values: unknown[] = []) {
      if (!begun) begun = beginWaiting = true;
      return new Promise<{ rows: unknown[] }>((resolve, reject) => {
        // A nextTick callback runs once the promise jobs pending now, and those they queue, are done.
        if (waiting.length === 0) process.nextTick(flush);
        waiting.push({ text, values, resolve, reject });
      });
    },
    async finish(text: string) {
      // A flush already scheduled runs before this tick; then its answer is awaited.
      await new Promise((resolve) => process.nextTick(resolve));
      await answered;
      // A transaction that only writes at its end: BEGIN goes with them. It is begun from here
      // on, so a failure among them is rolled back.
      const withBegin = !begun;
      begun = true;
      await conn.query(withBegin ? `begin;\n${text}` : text);
    },
  };
}

type TransactionEventType =
  | EventType.beforeTransactionCommit
  | EventType.afterTransactionCommit
  | EventType.beforeTransactionRollback
  | EventType.afterTransactionRollback;

/** What `txSql` needs of a transaction, and nothing an entity operation could use. */
function sqlOnlyTransaction(conn: PgConnection): Transaction {
  const client = sqlOnly({ acquireConnection: () => Promise.resolve(conn) });
  // A top-level transaction: subscribers that look for an outer one find none.
  const trx = sqlOnly({ client, parentTransaction: undefined }) as unknown as Transaction;
  committedWithWrites.add(trx);
  return trx;
}

/** SQL-only transactions, which send their deferred writes with their COMMIT. */
const committedWithWrites = new WeakSet<object>();

/**
 * The first error of a statement sent on a transaction (or savepoint) through `txSql`. From
 * then on PostgreSQL refuses every statement of it and answers its COMMIT with ROLLBACK, without
 * an error: so a transaction marked here is refused before its COMMIT is sent.
 */
const abortedBy = new WeakMap<object, unknown>();

function throwIfAborted(trx: object): void {
  if (abortedBy.has(trx)) throw new TransactionAbortedError(abortedBy.get(trx));
}

/**
 * A transaction asked to commit after one of its statements had failed: PostgreSQL rolled it
 * back, so none of its writes were kept, whatever the work that caught the failure went on to do.
 */
export class TransactionAbortedError extends Error {
  constructor(readonly statementError: unknown) {
    super(
      'The transaction was rolled back: a statement in it had failed' +
        (statementError instanceof Error ? ` (${statementError.message})` : ''),
    );
    this.name = 'TransactionAbortedError';
  }
}

function sqlOnly<T extends object>(known: T): T {
  return new Proxy(known, {
    get(target, property) {
      if (property in target) return target[property as keyof T];
      // Not a promise, and nothing to show to inspectors.
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') {
        return undefined;
      }
      throw new Error(
        `sqlTransaction() runs SQL only (txSql, readSql); an ORM operation asked for "${property}"`,
      );
    },
  });
}

const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * A read made once per transaction: later calls with the same key answer the first call's
 * result. For reads the transaction itself never changes (the firm's members while texts are
 * received), so a transaction that carries many items asks once. A failed read is not kept.
 */
export function txMemo<T>(em: EntityManager, key: string, read: () => Promise<T>): Promise<T> {
  const trx = em.getTransactionContext<Transaction>();
  if (!trx) return read();
  const memo = memos.get(trx) ?? new Map<string, Promise<unknown>>();
  memos.set(trx, memo);
  const known = memo.get(key) as Promise<T> | undefined;
  if (known) return known;
  const reading = read();
  memo.set(key, reading);
  reading.catch(() => memo.delete(key));
  return reading;
}

function deferredOf(trx: Transaction) {
  let list = deferred.get(trx);
  if (!list) {
    list = { writes: [], byKey: new Map() };
    deferred.set(trx, list);
  }
  return list;
}

/** Sends a transaction's deferred writes, if any, as one multi-statement query. */
export async function flushDeferredWrites(trx: Transaction): Promise<void> {
  const text = await deferredText(trx);
  if (text === null) return;
  const conn = await connectionOf(trx);
  await conn.query(text);
}

/** Takes a transaction's deferred writes as one multi-statement text; null when there are none. */
async function deferredText(trx: Transaction): Promise<string | null> {
  const list = deferred.get(trx);
  if (!list || list.writes.length === 0) return null;
  deferred.delete(trx);
  const texts: string[] = [];
  for (const write of list.writes) {
    if (typeof write === 'string') {
      texts.push(write);
    } else {
      const { text, values } = await write.build(write.rows);
      texts.push(inlineParameters(text, values ?? []));
    }
  }
  return texts.join(';\n');
}

const committedHooks = new WeakMap<object, Map<string, () => void>>();

/**
 * Runs `then` in this process once the outermost transaction of `em` has committed, and never if
 * it rolls back; calls with the same `key` in one transaction run once. For what must not happen
 * before the data is visible (waking a worker for a job the commit writes). Outside a transaction
 * it runs at once. It must not throw: the transaction has committed by then.
 */
export function afterCommit(em: EntityManager, key: string, then: () => void): void {
  let trx = em.getTransactionContext<Transaction>();
  if (!trx) {
    then();
    return;
  }
  while (trx.parentTransaction) trx = trx.parentTransaction;
  const hooks = committedHooks.get(trx) ?? new Map<string, () => void>();
  committedHooks.set(trx, hooks);
  if (!hooks.has(key)) hooks.set(key, then);
}

const rolledBackHooks = new WeakMap<object, Map<string, () => void>>();

/**
 * Runs `then` in this process if the outermost transaction of `em` rolls back, and never if it
 * commits; calls with the same `key` in one transaction run once. For what the transaction
 * relied on and must not be relied on again unchecked (a value remembered in memory that a check
 * at COMMIT found changed). Outside a transaction there is nothing to roll back: it never runs.
 * It must not throw.
 */
export function afterRollback(em: EntityManager, key: string, then: () => void): void {
  let trx = em.getTransactionContext<Transaction>();
  if (!trx) return;
  while (trx.parentTransaction) trx = trx.parentTransaction;
  const hooks = rolledBackHooks.get(trx) ?? new Map<string, () => void>();
  rolledBackHooks.set(trx, hooks);
  if (!hooks.has(key)) hooks.set(key, then);
}

/**
 * Flushes deferred writes before every top-level commit, and runs `afterCommit` hooks after it
 * (`afterRollback` ones after a rollback).
 * Registered once on the ORM, so a deferred write can never be left behind by a transaction that
 * forgot to flush.
 */
export class DeferredWritesFlusher implements EventSubscriber {
  async beforeTransactionCommit(args: TransactionEventArgs): Promise<void> {
    const trx = args.transaction as Transaction | undefined;
    // sqlTransaction checks and sends them itself, together with its COMMIT.
    if (!trx || committedWithWrites.has(trx)) return;
    throwIfAborted(trx);
    await flushDeferredWrites(trx);
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    if (transaction) runHooks(committedHooks, rolledBackHooks, transaction);
  }

  afterTransactionRollback({ transaction }: TransactionEventArgs): void {
    if (transaction) runHooks(rolledBackHooks, committedHooks, transaction);
  }
}

/** Runs the transaction's hooks of the outcome it had and drops those of the other. */
function runHooks(
  run: WeakMap<object, Map<string, () => void>>,
  drop: WeakMap<object, Map<string, () => void>>,
  transaction: object,
): void {
  drop.delete(transaction);
  const hooks = run.get(transaction);
  if (!hooks) return;
  run.delete(transaction);
  for (const then of hooks.values()) then();
}

/** A knex transaction's client hands out the one connection the transaction runs on. */
function connectionOf(trx: Transaction): Promise<PgConnection> {
  const client = (trx as unknown as { client: { acquireConnection(): Promise<PgConnection> } })
    .client;
  return client.acquireConnection();
}

/**
 * `$n` placeholders replaced by literals, the way node-postgres would serialise each value
 * (`prepareValue`), quoted as its `escapeLiteral` quotes. Used only for deferred writes, which must
 * share one simple-protocol query; the values are never interpreted as SQL.
 */
export function inlineParameters(text: string, values: unknown[]): string {
  if (values.length === 0) return text;
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('$'); at !== -1; at = text.indexOf('$', at + 1)) {
    let end = at + 1;
    let index = 0;
    for (let code = text.charCodeAt(end); code >= 48 && code <= 57; code = text.charCodeAt(++end)) {
      index = index * 10 + code - 48;
    }
    if (end === at + 1) continue;
    if (index < 1 || index > values.length) {
      throw new Error(`deferred write has no value for ${text.slice(at, end)}`);
    }
    out += text.slice(copied, at) + literalOf(values[index - 1]);
    copied = end;
    at = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** One value as a quoted literal; strings, numbers and booleans skip `prepareValue`'s checks. */
function literalOf(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `'${String(value)}'`;
  const prepared = prepareValue(value) as unknown;
  if (prepared === null || prepared === undefined) return 'NULL';
  return quoteLiteral(
    Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : String(prepared),
  );
}

/**
 * What node-postgres's `escapeLiteral` answers (quotes doubled; backslashes doubled, and then an
 * `E` string), without its character-by-character loop: deferred writes quote every value of a
 * group of texts, long JSON included, on the hot path.
 */
export function quoteLiteral(text: string): string {
  if (text.indexOf("'") === -1 && text.indexOf('\\') === -1) return `'${text}'`;
  const quoted = `'${text.replace(/'/g, "''")}'`;
  return text.includes('\\') ? ` E${quoted.replace(/\\/g, '\\\\')}` : quoted;
}
