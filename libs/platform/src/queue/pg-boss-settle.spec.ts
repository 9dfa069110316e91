import PgBoss from 'pg-boss';
import { handleSettleRejections } from './pg-boss-settle';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Manager = require('pg-boss/src/manager') as {
  prototype: Record<'complete' | 'fail', (...args: unknown[]) => Promise<unknown>>;
};

/** A pg-boss manager whose database is down, as its work loop sees it after a crash. */
function managerWithDatabaseDown() {
  const manager = Object.create(Manager.prototype) as typeof Manager.prototype & {
    db: unknown;
  };
  manager.db = {
    executeSql: () => Promise.reject(new Error('Connection terminated unexpectedly')),
  };
  return manager;
}

describe("pg-boss's batch outcomes while the database is down", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));

  const settleTicks = () => new Promise((resolve) => setTimeout(resolve, 20));

  it.each(['complete', 'fail'] as const)(
    'an unawaited %s, as its work loop makes, leaves no unhandled rejection to end the process',
    async (method) => {
      handleSettleRejections();
      void managerWithDatabaseDown()[method]('notifications.inbound', [
        '6b1f8a52-3f7e-4c53-9f5c-0d2b1e9a7c11',
      ]);
      await settleTicks();
      expect(unhandled).toEqual([]);
    },
  );

  it('still rejects for a caller that awaits it', async () => {
    await expect(
      managerWithDatabaseDown().complete('notifications.inbound', [
        '6b1f8a52-3f7e-4c53-9f5c-0d2b1e9a7c11',
      ]),
    ).rejects.toThrow('Connection terminated unexpectedly');
  });

  it('leaves complete and fail on the PgBoss API, where pg-boss publishes them by name', () => {
    handleSettleRejections();
    const boss = new PgBoss({ connectionString: 'postgres://127.0.0.1:1/none' });
    expect(typeof boss.complete).toBe('function');
    expect(typeof boss.fail).toBe('function');
  });
});
