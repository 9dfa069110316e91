import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ApplyInboundComplianceCommand, InboundKeywordOutcome } from '@app/compliance';
import { sqlTransaction } from '@app/platform';
import { TestApp, TestFirm, embeddedDatabase, startTestApp } from '../support/test-app';
import {
  INBOUND_TEST_ENV,
  INBOUND_TEST_OPTIONS,
  claimFirmNumber,
  randomUsPhone,
} from '../support/twilio-inbound';

/**
 * Two keywords from one phone in two transactions at once (two groups of texts in flight, or
 * two API processes): the second must see what the first did, so a phone that texts STOP twice
 * is told once that it is unsubscribed, and a STOP racing a START leaves one of them answered
 * as the change it made.
 */
describe('keywords from one phone in concurrent transactions', () => {
  let t: TestApp;
  let firm: TestFirm;
  let em: EntityManager;
  let commands: CommandBus;

  beforeAll(async () => {
    t = await startTestApp(
      { ...INBOUND_TEST_ENV, SMS_SEND_KEYWORD_REPLIES: 'true' },
      INBOUND_TEST_OPTIONS,
    );
    firm = await t.provisionFirm();
    await claimFirmNumber(firm);
    em = t.app.get(EntityManager);
    commands = t.app.get(CommandBus);
  });
  afterAll(() => t?.close());

  const apply = (tx: EntityManager, phone: string, body: string) =>
    commands.execute<ApplyInboundComplianceCommand, InboundKeywordOutcome>(
      new ApplyInboundComplianceCommand(tx, firm.id, phone, body, null, randomUUID()),
    );

  /** Resolves once a session of this database waits on a row lock of the phone consent table. */
  async function someoneWaitsOnTheRow(): Promise<void> {
    if (embeddedDatabase()) {
      // The embedded database runs one transaction at a time: the second cannot have begun.
      return;
    }
    const probe = new Client({ connectionString: t.config.databaseUrl ?? undefined });
    await probe.connect();
    try {
      for (let i = 0; i < 500; i++) {
        const { rows } = await probe.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and datname = current_database()
              and query like '%sms_phone_consent%'`,
        );
        if (rows[0].n > 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error('the second transaction never waited on the phone’s row');
    } finally {
      await probe.end();
    }
  }

  /** Runs `first` to its end but holds its COMMIT until `second` is waiting on it. */
  async function race(phone: string, first: string, second: string) {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let applied!: () => void;
    const firstApplied = new Promise<void>((resolve) => (applied = resolve));
    const one = sqlTransaction(em, async (tx) => {
      const outcome = await apply(tx, phone, first);
      applied();
      await held;
      return outcome;
    });
    await firstApplied;
    const two = sqlTransaction(em, (tx) => apply(tx, phone, second));
    await someoneWaitsOnTheRow();
    release();
    return { first: await one, second: await two };
  }

  it('answers only the first of two STOPs from a phone never seen before', async () => {
    const { first, second } = await race(randomUsPhone(), 'STOP', 'STOP');
    expect(first).toMatchObject({ keyword: 'STOP', reply: expect.any(String) });
    expect(second).toMatchObject({ keyword: 'STOP', reply: null });
  });

  it('answers only the first of two STOPs from a phone that had opted back in', async () => {
    const phone = randomUsPhone();
    await sqlTransaction(em, (tx) => apply(tx, phone, 'STOP'));
    await sqlTransaction(em, (tx) => apply(tx, phone, 'START'));
    const { first, second } = await race(phone, 'STOP', 'STOP');
    expect(first.reply).toEqual(expect.any(String));
    expect(second.reply).toBeNull();
  });

  it('answers both of a STOP and a START that race, each as the change it made', async () => {
    const phone = randomUsPhone();
    const { first, second } = await race(phone, 'STOP', 'START');
    expect(first).toMatchObject({ keyword: 'STOP', reply: expect.any(String) });
    expect(second).toMatchObject({ keyword: 'START', reply: expect.any(String) });
    const [row] = await em
      .fork()
      .getConnection()
      .execute<Array<{ opted_out: boolean; keyword: string }>>(
        'select opted_out, keyword from sms_phone_consent where firm_id = ? and phone = ?',
        [firm.id, phone],
      );
    expect(row).toEqual({ opted_out: false, keyword: 'START' });
  });
});
