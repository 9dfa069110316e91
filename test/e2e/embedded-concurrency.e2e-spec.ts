import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The embedded database is served to many connections (the ORM pool, the queue, the notifier).
 * Their extended-protocol sequences must not be interleaved, or queries fail or never answer.
 */
describe('the embedded database under concurrent connections', () => {
  it('answers every query of six busy connections, transactions and parameters intact', () => {
    const output = execFileSync(
      process.execPath,
      [join(__dirname, '../support/embedded-concurrency-check.js')],
      {
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(JSON.parse(output)).toEqual({ ok: 600, errors: [], inserted: 300 });
  }, 150_000);
});
