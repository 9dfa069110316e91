import { EntityManager } from '@mikro-orm/postgresql';
import { txSql } from '@app/platform';
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
});
