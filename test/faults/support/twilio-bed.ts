import type { FakeMessage, FakeTwilio } from '../../support/fake-twilio';
import { startTestApp, TestApp } from '../../support/test-app';
import { Firm, provisionFirm } from './api-client';
import { NEEDS_SERVER, requireRealPostgres } from './app-processes';
import { DbProbe } from './db-probe';

/** One app on the real twilio SDK against `fake`, a database probe and a firm with a number. */
export interface TwilioBed {
  t: TestApp;
  db: DbProbe;
  firm: Firm;
  /** What the carrier accepted from this bed's firm. */
  firmMessages(): FakeMessage[];
}

/** Sets the bed up before the describe block's tests and tears it down after them. */
export function useTwilioBed(fake: FakeTwilio, accountSid: string, authToken: string): TwilioBed {
  const bed = {
    firmMessages: () => fake.messages().filter((m) => m.from === bed.firm.number),
  } as TwilioBed;

  beforeAll(async () => {
    const databaseUrl = requireRealPostgres(NEEDS_SERVER.concurrency);
    const carrierUrl = await fake.start();
    bed.t = await startTestApp({
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_API_BASE_URL: carrierUrl,
    });
    bed.db = await DbProbe.connect(databaseUrl);
    bed.firm = await provisionFirm(bed.t.baseUrl);
  }, 120_000);

  afterAll(async () => {
    await bed.db?.close();
    await bed.t?.close();
    await fake.stop();
  });

  return bed;
}
