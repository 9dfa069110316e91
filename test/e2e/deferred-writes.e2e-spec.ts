import { AsyncLocalStorage } from 'node:async_hooks';
import type { TransactionEventArgs } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { afterCommit, afterRollback, readSql, sqlTransaction, txMemo, txSql } from '@app/platform';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Writes deferred to the commit (activity entries, notifications, queued jobs) behave as if sent
 * where they were made: they commit with the transaction, vanish with a rollback, and their
 * failure fails the commit, taking the transaction's other writes with it.
 */
describe('deferred writes', () => {
  let t: TestApp;
  let em: EntityManager;
  const rows = async () =>
    (
      await em
        .fork()
        .getConnection()
        .execute<Array<{ id: string; note: string }>>(
          'select id, note from deferred_probe order by id',
        )
    ).map((r) => `${r.id}:${r.note}`);

  beforeAll(async () => {
    t = await startTestApp();
    em = t.app.get(EntityManager);
    await em
      .fork()
      .getConnection()
      .execute('create table if not exists deferred_probe (id text primary key, note text)');
  });
  afterAll(() => t?.close());
  beforeEach(() => em.fork().getConnection().execute('delete from deferred_probe'));

  it('commits them with the transaction, after its own statements, in order', async () => {
    await em.fork().transactional(async (tx) => {
      const sql = txSql(tx);
      sql.defer('insert into deferred_probe (id, note) values ($1, $2)', ['b', "it's deferred"]);
      sql.defer('update deferred_probe set note = $2 where id = $1', ['a', 'seen by a later one']);
      await sql.query('insert into deferred_probe (id, note) values ($1, $2)', ['a', 'direct']);
      // Not yet written: a deferred write is invisible to the transaction's later reads.
      expect(await sql.query('select id from deferred_probe where id = $1', ['b'])).toEqual([]);
    });
    expect(await rows()).toEqual(['a:seen by a later one', "b:it's deferred"]);
  });

  it('drops them when the transaction rolls back', async () => {
    await expect(
      em.fork().transactional(async (tx) => {
        txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', ['c', 'lost']);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rows()).toEqual([]);
  });

  it('fails the commit when one of them fails, rolling back everything', async () => {
    await em
      .fork()
      .getConnection()
      .execute(`insert into deferred_probe (id, note) values ('d', 'first')`);
    await expect(
      em.fork().transactional(async (tx) => {
        const sql = txSql(tx);
        await sql.query('insert into deferred_probe (id, note) values ($1, $2)', ['e', 'direct']);
        sql.defer('insert into deferred_probe (id, note) values ($1, $2)', ['d', 'duplicate']);
      }),
    ).rejects.toThrow(/duplicate key/);
    expect(await rows()).toEqual(['d:first']);
  });

  it('fails the commit of a transaction that went on from a failed statement, keeping nothing', async () => {
    await expect(
      em.fork().transactional(async (tx) => {
        const sql = txSql(tx);
        await sql.query('insert into deferred_probe (id, note) values ($1, $2)', ['f1', 'kept?']);
        await sql
          .query('insert into deferred_probe (id, note) values ($1, $2)', ['f1', 'again'])
          .catch(() => undefined);
        return 'done';
      }),
    ).rejects.toThrow(/rolled back: a statement in it had failed \(duplicate key/);
    // A savepoint rolled back to takes its failed statement with it: the rest commits.
    await em.fork().transactional(async (tx) => {
      await txSql(tx).query('insert into deferred_probe (id, note) values ($1, $2)', [
        'f2',
        'kept',
      ]);
      await tx
        .transactional((inner) =>
          txSql(inner).query('insert into deferred_probe (id, note) values ($1, $2)', ['f2', 'x']),
        )
        .catch(() => undefined);
    });
    expect(await rows()).toEqual(['f2:kept']);
  });

  describe('rows written together (deferRows)', () => {
    const probeInsert = (rows: Array<[string, string]>) => ({
      text: `insert into deferred_probe (id, note) values ${rows
        .map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`)
        .join(', ')}`,
      values: rows.flat(),
    });

    it('sends one statement for every row of a key, where its first row was deferred', async () => {
      const built: number[] = [];
      await em.fork().transactional(async (tx) => {
        const sql = txSql(tx);
        const row = (id: string, note: string) =>
          sql.deferRows<[string, string]>('probe', [id, note], (rows) => {
            built.push(rows.length);
            return probeInsert(rows);
          });
        row('r1', 'first row');
        // A plain deferred write after the first row runs after the combined insert.
        sql.defer('update deferred_probe set note = note || $2 where id = $1', ['r3', ' +later']);
        row('r2', "it's second");
        row('r3', 'third');
      });
      expect(built).toEqual([3]);
      expect(await rows()).toEqual(['r1:first row', "r2:it's second", 'r3:third +later']);
    });

    it('drops its rows with a rollback and fails the commit with a bad row', async () => {
      await expect(
        em.fork().transactional(async (tx) => {
          txSql(tx).deferRows('probe', ['x1', 'lost'] as [string, string], probeInsert);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await expect(
        em.fork().transactional(async (tx) => {
          await txSql(tx).query(`insert into deferred_probe (id, note) values ('x2', 'direct')`);
          txSql(tx).deferRows('probe', ['x3', 'ok'] as [string, string], probeInsert);
          txSql(tx).deferRows('probe', ['x3', 'same id'] as [string, string], probeInsert);
        }),
      ).rejects.toThrow(/duplicate key/);
      expect(await rows()).toEqual([]);
      // Every pooled connection is left outside a transaction: more commits than the pool holds.
      for (let i = 0; i < 12; i++) {
        await sqlTransaction(em, async (tx) => {
          txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', [`t${i}`, 'ok']);
        });
      }
      expect(await rows()).toHaveLength(12);
    });
  });

  describe('work after the commit (afterCommit)', () => {
    it('runs once per key after the outermost commit, never after a rollback', async () => {
      const ran: string[] = [];
      const seenAtRun: string[][] = [];
      const hook = (key: string) => () => {
        ran.push(key);
        void rows().then((r) => seenAtRun.push(r));
      };
      await em.fork().transactional(async (tx) => {
        await tx.transactional(async (inner) => {
          afterCommit(inner, 'wake', hook('wake'));
        });
        expect(ran).toEqual([]);
        afterCommit(tx, 'wake', hook('wake again'));
        afterCommit(tx, 'other', hook('other'));
        await txSql(tx).query('insert into deferred_probe (id, note) values ($1, $2)', ['h1', 'x']);
        expect(ran).toEqual([]);
      });
      expect(ran).toEqual(['wake', 'other']);
      await sqlTransaction(em, async (tx) => {
        afterCommit(tx, 'sql', hook('sql'));
        await txSql(tx).query('insert into deferred_probe (id, note) values ($1, $2)', ['h2', 'y']);
      });
      expect(ran).toEqual(['wake', 'other', 'sql']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seenAtRun[0]).toContain('h1:x');

      await expect(
        sqlTransaction(em, (tx) => {
          afterCommit(tx, 'lost', hook('lost'));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      await expect(
        em.fork().transactional((tx) => {
          afterCommit(tx, 'lost', hook('lost'));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(ran).toEqual(['wake', 'other', 'sql']);

      afterCommit(em.fork(), 'now', hook('now'));
      expect(ran).toEqual(['wake', 'other', 'sql', 'now']);
    });
  });

  describe('work after a rollback (afterRollback)', () => {
    it('runs once per key after the outermost rollback, never after a commit', async () => {
      const ran: string[] = [];
      const hook = (key: string) => () => ran.push(key);
      await sqlTransaction(em, async (tx) => {
        afterRollback(tx, 'kept', hook('kept'));
        await txSql(tx).query('insert into deferred_probe (id, note) values ($1, $2)', ['r1', 'x']);
      });
      await em.fork().transactional(async (tx) => {
        afterRollback(tx, 'kept', hook('kept'));
      });
      expect(ran).toEqual([]);

      await expect(
        sqlTransaction(em, async (tx) => {
          afterRollback(tx, 'forget', hook('forget'));
          afterRollback(tx, 'forget', hook('forget again'));
          // A check deferred to the COMMIT that fails it: the hook runs, the row is not kept.
          await txSql(tx).query('insert into deferred_probe (id, note) values ($1, $2)', [
            'r2',
            'y',
          ]);
          txSql(tx).defer('select 1 / 0');
        }),
      ).rejects.toThrow(/division by zero/);
      expect(ran).toEqual(['forget']);
      await expect(
        em.fork().transactional(async (tx) => {
          await tx.transactional(async (inner) => {
            afterRollback(inner, 'inner', hook('inner'));
          });
          expect(ran).toEqual(['forget']);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(ran).toEqual(['forget', 'inner']);
      expect(await rows()).toContain('r1:x');
      expect(await rows()).not.toContain('r2:y');

      afterRollback(em.fork(), 'outside', hook('outside'));
      expect(ran).toEqual(['forget', 'inner']);
    });
  });

  describe('reads made once per transaction (txMemo)', () => {
    it('answers a key’s first read to later calls in the same transaction only', async () => {
      let reads = 0;
      const read = async () => ++reads;
      await em.fork().transactional(async (tx) => {
        expect(await txMemo(tx, 'k', read)).toBe(1);
        expect(await txMemo(tx, 'k', read)).toBe(1);
        expect(await txMemo(tx, 'other', read)).toBe(2);
      });
      await em.fork().transactional(async (tx) => {
        expect(await txMemo(tx, 'k', read)).toBe(3);
      });
      // Outside a transaction nothing is kept.
      expect(await txMemo(em.fork(), 'k', read)).toBe(4);
      expect(await txMemo(em.fork(), 'k', read)).toBe(5);
    });

    it('does not keep a failed read', async () => {
      let calls = 0;
      await em.fork().transactional(async (tx) => {
        const flaky = async () => {
          calls++;
          if (calls === 1) throw new Error('not this time');
          return 'read';
        };
        await expect(txMemo(tx, 'flaky', flaky)).rejects.toThrow('not this time');
        await expect(txMemo(tx, 'flaky', flaky)).resolves.toBe('read');
      });
      expect(calls).toBe(2);
    });
  });
  describe('transactions that run SQL only (sqlTransaction)', () => {
    const insert = (tx: EntityManager, id: string, note: string) =>
      txSql(tx).query('insert into deferred_probe (id, note) values ($1, $2)', [id, note]);

    it('commits its statements and its deferred writes, those last', async () => {
      const answer = await sqlTransaction(em, async (tx) => {
        expect(tx.isInTransaction()).toBe(true);
        await insert(tx, 's1', 'direct');
        txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', [
          's2',
          'deferred',
        ]);
        expect(await readSql(tx, 'select id from deferred_probe')).toEqual([{ id: 's1' }]);
        return 'done';
      });
      expect(answer).toBe('done');
      expect(await rows()).toEqual(['s1:direct', 's2:deferred']);
    });

    it('rolls back everything when the work throws, and gives the connection back', async () => {
      await expect(
        sqlTransaction(em, async (tx) => {
          await insert(tx, 's3', 'lost');
          txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', ['s4', 'lost']);
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await rows()).toEqual([]);
      // More transactions than the pool has connections: none was kept by the failed one.
      for (let i = 0; i < 12; i++) {
        await sqlTransaction(em, (tx) => insert(tx, `n${i}`, 'after'));
      }
      expect(await rows()).toHaveLength(12);
    });

    it('sends BEGIN with its first statement, which answers what a bound statement answers', async () => {
      const probe = `select $1::uuid[] as ids, $2::int + 1 as next,
                            $3::timestamptz = timestamptz '2026-11-29 10:00:00.123+00' as same_time,
                            $4::text as note, $5::text is null as missing, $6::boolean as flag`;
      const values = [
        ['6f1c2c7e-7f7e-4a8e-9d2a-1b2c3d4e5f60'],
        41,
        new Date('2026-11-29T10:00:00.123Z'),
        "O'Brien \\ wrote; drop table deferred_probe; --",
        null,
        true,
      ];
      const [first, later] = await sqlTransaction(em, async (tx) => [
        await readSql(tx, probe, values),
        await readSql(tx, probe, values),
      ]);
      expect(first).toEqual(later);
      expect(first).toEqual([
        {
          ids: values[0],
          next: 42,
          same_time: true,
          note: values[3],
          missing: true,
          flag: true,
        },
      ]);
      expect(await rows()).toEqual([]);
    });

    it('rolls back when its first statement fails, and gives the connection back', async () => {
      for (let i = 0; i < 12; i++) {
        await expect(
          sqlTransaction(em, (tx) => readSql(tx, 'select 1 / $1::int', [0])),
        ).rejects.toThrow(/division by zero/);
      }
      await sqlTransaction(em, (tx) => insert(tx, 'ok', 'after'));
      expect(await rows()).toEqual(['ok:after']);
    });

    /**
     * Counts the queries that `work` sends to PostgreSQL (round trips): on the connections it
     * takes from the pool, not on those the app's own workers take meanwhile.
     */
    const roundTrips = async <T>(
      work: () => Promise<T>,
    ): Promise<{ answer: T; sent: string[] }> => {
      type Conn = { query(text: string, values?: unknown[]): Promise<unknown> };
      const pool = em.getConnection().getKnex().client as unknown as {
        acquireConnection(): Promise<Conn>;
      };
      const acquire = pool.acquireConnection.bind(pool);
      const sent: string[] = [];
      const watched = new Map<Conn, Conn['query']>();
      const mine = new AsyncLocalStorage<true>();
      pool.acquireConnection = async () => {
        const ours = mine.getStore() === true;
        const conn = await acquire();
        if (ours && !watched.has(conn)) {
          const query = conn.query;
          watched.set(conn, query);
          conn.query = (text: string, values?: unknown[]) => {
            sent.push(text);
            return query.call(conn, text, values);
          };
        }
        return conn;
      };
      try {
        return { answer: await mine.run(true, work), sent };
      } finally {
        delete (pool as { acquireConnection?: unknown }).acquireConnection;
        for (const [conn, query] of watched) conn.query = query;
      }
    };

    it('sends the statements a step issues together in one round trip, each with its answer', async () => {
      const { answer, sent } = await roundTrips(() =>
        sqlTransaction(em, async (tx) => {
          const read = (n: number) => readSql<{ n: number }>(tx, 'select $1::int as n', [n]);
          const [one, two, three] = await Promise.all([
            read(1),
            insert(tx, 'b1', "it's together").then(() => read(20)),
            read(3),
          ]);
          // Issued alone, a statement goes alone with its parameters bound.
          const after = await readSql(tx, 'select count(*)::int as n from deferred_probe');
          return [one, two, three, after].map((r) => r[0]);
        }),
      );
      expect(answer).toEqual([{ n: 1 }, { n: 20 }, { n: 3 }, { n: 1 }]);
      // BEGIN with the three statements issued at once; the read that waited on the insert;
      // the count; COMMIT.
      expect(sent).toHaveLength(4);
      expect(sent[0]).toMatch(/^begin;\nselect '1'::int as n;\ninsert .*;\nselect '3'::int as n$/s);
      expect(sent[3]).toBe('commit');
      expect(await rows()).toEqual(["b1:it's together"]);
    });

    it('fails every statement sent together when one fails, and keeps nothing', async () => {
      let outcomes: PromiseSettledResult<unknown>[] = [];
      const transaction = sqlTransaction(em, async (tx) => {
        outcomes = await Promise.allSettled([
          insert(tx, 'b2', 'lost'),
          readSql(tx, 'select 1 / $1::int', [0]),
          readSql(tx, 'select 1'),
        ]);
      });
      // The work went on from its failures; the transaction does not answer as committed.
      await expect(transaction).rejects.toThrow(/rolled back: .*division by zero/);
      expect(outcomes).toEqual([
        expect.objectContaining({
          status: 'rejected',
          reason: expect.objectContaining({ message: expect.stringMatching(/division by zero/) }),
        }),
        expect.objectContaining({ status: 'rejected' }),
        expect.objectContaining({ status: 'rejected' }),
      ]);
      await sqlTransaction(em, (tx) => insert(tx, 'ok', 'after'));
      expect(await rows()).toEqual(['ok:after']);
    });

    it('rolls back statements still waiting to be sent when the work throws', async () => {
      for (let i = 0; i < 12; i++) {
        await expect(
          sqlTransaction(em, (tx) =>
            Promise.all([insert(tx, `w${i}`, 'lost'), Promise.reject(new Error('bad input'))]),
          ),
        ).rejects.toThrow('bad input');
      }
      // Had a waiting insert gone out after the rollback, these would commit it on its connection.
      for (let i = 0; i < 12; i++) {
        await sqlTransaction(em, (tx) => insert(tx, `n${i}`, 'after'));
      }
      expect((await rows()).filter((r) => r.startsWith('w'))).toEqual([]);
      expect(await rows()).toHaveLength(12);
    });

    it('rolls back a transaction that only writes with its COMMIT when a write fails', async () => {
      await sqlTransaction(em, async (tx) => {
        txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', ['o1', 'first']);
      });
      // BEGIN, the writes and COMMIT go in one round trip; the failure must not leave the
      // connection inside the aborted transaction for the next one to stumble on.
      for (let i = 0; i < 12; i++) {
        await expect(
          sqlTransaction(em, async (tx) => {
            txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', [
              `o${i}x`,
              'lost',
            ]);
            txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', [
              'o1',
              'again',
            ]);
          }),
        ).rejects.toThrow(/duplicate key/);
      }
      for (let i = 0; i < 12; i++) {
        await sqlTransaction(em, (tx) => insert(tx, `n${i}`, 'after'));
      }
      expect((await rows()).filter((r) => r.startsWith('o'))).toEqual(['o1:first']);
      expect(await rows()).toHaveLength(13);
    });

    it('fails the commit when a deferred write fails, keeping nothing', async () => {
      await expect(
        sqlTransaction(em, async (tx) => {
          await insert(tx, 's5', 'direct');
          txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', ['s5', 'again']);
        }),
      ).rejects.toThrow(/duplicate key/);
      expect(await rows()).toEqual([]);
    });

    it('fails rather than answer as committed when a statement it went on from had failed', async () => {
      // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK and no error: work that
      // catches a failed statement and goes on must not be told its earlier writes were kept.
      const committed: unknown[] = [];
      const current = new Set<unknown>();
      em.getEventManager().registerSubscriber({
        afterTransactionCommit: ({ transaction }: TransactionEventArgs) => {
          if (current.has(transaction)) committed.push(transaction);
        },
      });
      for (const deferred of [false, true]) {
        await expect(
          sqlTransaction(em, async (tx) => {
            current.add(tx.getTransactionContext());
            await insert(tx, 'r1', 'kept?');
            await insert(tx, 'r1', 'again').catch(() => undefined);
            if (deferred) {
              txSql(tx).defer('insert into deferred_probe (id, note) values ($1, $2)', [
                'r2',
                'lost',
              ]);
            }
            return 'done';
          }),
        ).rejects.toThrow(/rolled back|aborted/);
      }
      expect(committed).toEqual([]);
      expect(await rows()).toEqual([]);
      // The connections went back usable.
      for (let i = 0; i < 12; i++) {
        await sqlTransaction(em, (tx) => insert(tx, `n${i}`, 'after'));
      }
      expect(await rows()).toHaveLength(12);
    });

    it('tells the ORM’s subscribers of its commit and rollback, as em.transactional does', async () => {
      const seen: string[] = [];
      let current: unknown = null;
      const note =
        (name: string) =>
        ({ transaction }: TransactionEventArgs): void => {
          if (current !== null && transaction === current) seen.push(name);
        };
      em.getEventManager().registerSubscriber({
        beforeTransactionCommit: note('before commit'),
        afterTransactionCommit: note('after commit'),
        beforeTransactionRollback: note('before rollback'),
        afterTransactionRollback: note('after rollback'),
      });
      await sqlTransaction(em, async (tx) => {
        current = tx.getTransactionContext();
        await insert(tx, 's8', 'direct');
      });
      expect(seen).toEqual(['before commit', 'after commit']);
      seen.length = 0;
      await expect(
        sqlTransaction(em, async (tx) => {
          current = tx.getTransactionContext();
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      expect(seen).toEqual(['before rollback', 'after rollback']);
    });

    it('refuses an ORM operation inside it, so nothing runs beside the transaction', async () => {
      await expect(
        sqlTransaction(em, async (tx) => {
          await insert(tx, 's6', 'direct');
          await tx
            .getConnection()
            .execute(
              `insert into deferred_probe (id, note) values ('s7', 'beside')`,
              [],
              'run',
              tx.getTransactionContext(),
            );
        }),
      ).rejects.toThrow(/sqlTransaction\(\) runs SQL only/);
      expect(await rows()).toEqual([]);
    });
  });
});
