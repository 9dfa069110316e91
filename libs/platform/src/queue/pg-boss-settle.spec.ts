import PgBoss from 'pg-boss';
import { reportSettleRetries, retrySettles } from './pg-boss-settle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Manager = require('pg-boss/src/manager') as {
  prototype: Record<'complete' | 'fail', (...args: unknown[]) => Promise<unknown>>;
};

const JOB = '6b1f8a52-3f7e-4c53-9f5c-0d2b1e9a7c11';

/** A pg-boss manager whose database fails the first `failures` statements (all, by default). */
function managerWithDatabaseDown(failures = Infinity) {
  let calls = 0;
  const manager = Object.create(Manager.prototype) as typeof Manager.prototype & {
    db: unknown;
  };
  manager.db = {
    executeSql: () =>
      ++calls <= failures
        ? Promise.reject(new Error('Connection terminated unexpectedly'))
        : Promise.resolve({ rows: [{ count: '1' }] }),
  };
  return { manager, calls: () => calls };
}

describe("pg-boss's batch outcomes while the database is down", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const warnings: string[] = [];
  beforeAll(() => {
    retrySettles();
    reportSettleRetries((message) => warnings.push(message));
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => process.off('unhandledRejection', onUnhandled));
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Lets the retries run their course: about 30 s of backoff. */
  const outlastRetries = () => jest.advanceTimersByTimeAsync(60_000);

  it.each(['complete', 'fail'] as const)(
    'an unawaited %s, as its work loop makes, leaves no unhandled rejection to end the process',
    async (method) => {
      const { manager } = managerWithDatabaseDown();
      void manager[method]('notifications.inbound', [JOB]);
      await outlastRetries();
      jest.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    },
  );

  it('records the outcome once the database is back, retrying with a warning', async () => {
    const { manager, calls } = managerWithDatabaseDown(2);
    warnings.length = 0;
    const completing = manager.complete('notifications.inbound', [JOB]);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(completing).resolves.toMatchObject({ jobs: [JOB], affected: 1 });
    expect(calls()).toBe(3);
    expect(warnings).toEqual([
      'could not complete jobs (Connection terminated unexpectedly); retrying',
      'could not complete jobs (Connection terminated unexpectedly); retrying',
    ]);
  });

  it('still rejects for a caller that awaits it when the outage outlasts the retries', async () => {
    const { manager, calls } = managerWithDatabaseDown();
    const completing = manager.complete('notifications.inbound', [JOB]);
    const settled = expect(completing).rejects.toThrow('Connection terminated unexpectedly');
    await outlastRetries();
    await settled;
    expect(calls()).toBe(9);
  });

  it('leaves complete and fail on the PgBoss API, where pg-boss publishes them by name', () => {
    const boss = new PgBoss({ connectionString: 'postgres://127.0.0.1:1/none' });
    expect(typeof boss.complete).toBe('function');
    expect(typeof boss.fail).toBe('function');
  });
});
