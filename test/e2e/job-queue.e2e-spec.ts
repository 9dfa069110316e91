import { EntityManager } from '@mikro-orm/postgresql';
import PgBoss from 'pg-boss';
import { JobQueue, QueuePolicy, readSql, sqlTransaction } from '@app/platform';
import { startTestApp, TestApp, workerDatabaseUrl } from '../support/test-app';

/**
 * Jobs are written with a statement of the product's own (`enqueue`, and with the commit
 * `enqueueAtCommit` and `enqueueCombinedAtCommit`), not pg-boss's `send`: each must write the job
 * `send` writes, whatever the queue's policy, so that retries, expiry and retention behave as
 * pg-boss defines them.
 */
describe('queued jobs', () => {
  let t: TestApp;
  let em: EntityManager;
  let jobs: JobQueue;
  /** pg-boss itself, on the same database: what it writes is the reference. */
  let boss: PgBoss;
  const POLICIES: Record<string, QueuePolicy> = {
    'parity.backoff': { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
    'parity.fixed': { retryLimit: 0, retryDelay: 5, retryBackoff: false, expireInSeconds: 30 },
    'parity.no-delay': { retryLimit: 3, retryDelay: 0, retryBackoff: true, expireInSeconds: 900 },
    'parity.unset': { retryLimit: 1, retryDelay: 1, retryBackoff: false, expireInSeconds: 60 },
  };

  beforeAll(async () => {
    t = await startTestApp();
    em = t.app.get(EntityManager);
    jobs = t.app.get(JobQueue);
    for (const [name, policy] of Object.entries(POLICIES)) await jobs.define(name, policy);
    const sql = em.fork().getConnection();
    // What a queue can hold beyond the policies defined here: a retention, a dead-letter queue,
    // and no policy at all (pg-boss's own defaults apply).
    await sql.execute(
      `update pgboss.queue set retention_minutes = 90, dead_letter = 'parity.fixed'
        where name = 'parity.no-delay'`,
    );
    await sql.execute(
      `update pgboss.queue set retry_limit = null, retry_delay = null, retry_backoff = null,
         expire_seconds = null, retention_minutes = null where name = 'parity.unset'`,
    );
    boss = new PgBoss({
      connectionString: workerDatabaseUrl(),
      schema: 'pgboss',
      max: 2,
      supervise: false,
      schedule: false,
      migrate: false,
    });
    await boss.start();
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t?.close();
  });

  const latestJob = async (name: string, tx = em.fork()) =>
    (
      await readSql<{ id: string }>(
        tx,
        'select id from pgboss.job where name = $1 order by created_on desc, id desc limit 1',
        [name],
      )
    )[0]?.id;

  /** Every field of a job that its id and the moment it was written do not decide. */
  const jobRow = async (id: string) => {
    const [row] = await readSql<Record<string, unknown>>(
      em.fork(),
      `select name, data, priority, state, retry_limit, retry_count, retry_delay, retry_backoff,
          extract(epoch from start_after - created_on) as start_after_s,
          extract(epoch from keep_until - start_after) as keep_s,
          extract(epoch from expire_in) as expire_s,
          singleton_key, singleton_on, dead_letter, policy
        from pgboss.job where id = $1`,
      [id],
    );
    return row;
  };

  it.each(Object.keys(POLICIES).flatMap((name) => [[name, 0] as const, [name, 90] as const]))(
    'writes the job pg-boss writes on %s, %s s ahead',
    async (name, startAfterSeconds) => {
      const data = { messageId: 'a1', n: 3, nested: { quote: "it's", list: [1, 'two'] } };
      const reference = await boss.send(name, data, {
        startAfter: startAfterSeconds,
        singletonKey: 'key-1',
      });
      const expected = await jobRow(reference!);
      expect(expected).toMatchObject({ name, state: 'created', data, singleton_key: 'key-1' });
      const [enqueued, deferred] = await sqlTransaction(em, async (tx) => {
        // First in the transaction, so sent with its BEGIN and its values inlined.
        const id = await jobs.enqueue(tx, name, data, { startAfterSeconds, singletonKey: 'key-1' });
        jobs.enqueueAtCommit(tx, name, data, { startAfterSeconds });
        return [id, await latestJob(name, tx)];
      });
      expect(await jobRow(enqueued!)).toEqual(expected);
      const atCommit = await latestJob(name);
      expect(atCommit).not.toBe(deferred);
      expect(await jobRow(atCommit)).toEqual({ ...expected, singleton_key: null });
      // Time-ordered, as every id of the product.
      expect(enqueued).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      expect(atCommit).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    },
  );

  it('writes one job of every call of a transaction combined, with the queue’s policy', async () => {
    const name = 'parity.backoff';
    const before = await readSql<{ n: number }>(
      em.fork(),
      'select count(*)::int as n from pgboss.job where name = $1',
      [name],
    );
    await sqlTransaction(em, async (tx) => {
      for (const item of ['x', 'y', 'z']) {
        jobs.enqueueCombinedAtCommit(tx, name, { items: [item] }, (all) => ({
          items: all.flatMap((d) => d.items),
        }));
      }
    });
    const combined = await latestJob(name);
    const reference = await boss.send(name, { items: ['x', 'y', 'z'] });
    const after = await readSql<{ n: number }>(
      em.fork(),
      'select count(*)::int as n from pgboss.job where name = $1',
      [name],
    );
    expect(after[0].n - before[0].n).toBe(2);
    expect(await jobRow(combined)).toEqual(await jobRow(reference!));
  });

  it('writes nothing when the transaction rolls back', async () => {
    const name = 'parity.fixed';
    const count = async () =>
      (
        await readSql<{ n: number }>(
          em.fork(),
          'select count(*)::int as n from pgboss.job where name = $1',
          [name],
        )
      )[0].n;
    const before = await count();
    await expect(
      sqlTransaction(em, async (tx) => {
        jobs.enqueueAtCommit(tx, name, { lost: true });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await count()).toBe(before);
  });
});
