import { randomBytes } from 'node:crypto';
import { FakeMessage, FakeTwilio } from '../support/fake-twilio';
import { clientPhones, createClient, Firm, provisionFirm, sendSms } from './support/api-client';
import {
  AppProcess,
  NEEDS_SERVER,
  outputsOf,
  processEnv,
  requireRealPostgres,
  startApi,
  startWorker,
  stopAll,
} from './support/app-processes';
import {
  deliverStatus,
  isTwiml200,
  messageIdOf,
  statusParams,
  TimedAnswer,
} from './support/carrier-webhooks';
import { DbProbe } from './support/db-probe';
import { mapLimit, sleep, tally, until } from './support/timing';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'fault-crash-auth-token-0123456789';
const SEND = /\/Messages\.json$/;
/** More than one worker holds in flight (four loops of 25), so some are still queued at the kill. */
const MESSAGES = 160;
const CLIENTS = 40;
/** Twilio is slow to answer: each send is accepted at once and answered 1.5 s later. */
const CARRIER_LATENCY_MS = 1_500;
const CALLBACK_AFTER_MS = 300;
/**
 * A dispatch job still active this long after its worker died is retried. Production uses 60 s;
 * the queue's maintenance, which notices it, still runs on its own 30 s clock.
 */
const TEST_EXPIRY_SECONDS = 10;

/**
 * Injected: a worker process is killed with SIGKILL while it waits on the carrier for a batch
 * of sends (Twilio accepted them but had not answered yet), with more texts still queued. A new
 * worker is started. Twilio's "sent" status callback reaches the API for every other message;
 * for the rest it is lost, as when callbacks come late.
 * Asserted: after the restart every one of the 160 queued texts is sent and stored once and none
 * reaches the carrier twice: a text whose callback arrived is past `sending` and not retried; one
 * whose callback was lost is looked up at the carrier (same recipient and body since the first
 * attempt) and adopted instead of being sent again. The look-ups are counted and printed.
 */
describe('fault: worker killed (SIGKILL) mid-dispatch', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  const processes: Array<AppProcess | null> = [];
  let env: Record<string, string>;
  let api: AppProcess;
  let db: DbProbe;
  let firm: Firm;
  const createdAt = new Map<string, number>();
  const withCallback = new Set<string>();
  const callbacks: Array<Promise<TimedAnswer>> = [];

  beforeAll(async () => {
    const databaseUrl = requireRealPostgres(NEEDS_SERVER.processes);
    const carrierUrl = await fake.start();
    fake.latencyMs = CARRIER_LATENCY_MS;
    env = processEnv(databaseUrl, {
      CARRIER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_API_BASE_URL: carrierUrl,
    });
    db = await DbProbe.connect(databaseUrl);
    api = await startApi('api', env);
    processes.push(api);
    firm = await provisionFirm(api.base);
  }, 120_000);

  afterAll(async () => {
    await stopAll(processes);
    await db?.close();
    await fake.stop();
  });

  /** What the carrier accepted from this test's firm. */
  const firmMessages = () => fake.messages().filter((m) => m.from === firm.number);

  it('sends every queued text after a restart, none of them twice', async () => {
    fake.onMessage((message: FakeMessage) => {
      // Only this firm's: a job another test file left in this worker's database may run here.
      if (message.from !== firm.number) return;
      const id = messageIdOf(message.statusCallback);
      // Whether a message's callbacks get through is decided when it first reaches the carrier.
      if (!createdAt.has(id)) {
        if (createdAt.size % 2 === 0) withCallback.add(id);
        createdAt.set(id, Date.now());
      }
      if (!withCallback.has(id)) return;
      const callback = sleep(CALLBACK_AFTER_MS).then(() =>
        deliverStatus(
          api.base,
          message.statusCallback as string,
          statusParams(message.sid, 'sent', {
            From: message.from,
            To: message.to,
            AccountSid: ACCOUNT_SID,
          }),
          AUTH_TOKEN,
        ),
      );
      callbacks.push(callback);
    });

    await db.execute(`update pgboss.queue set expire_seconds = $1 where name = 'sms.dispatch'`, [
      TEST_EXPIRY_SECONDS,
    ]);
    const clients = await mapLimit(clientPhones(CLIENTS), 8, (phone, i) =>
      createClient(api.base, firm, { name: `Crash Client ${i}`, phone }),
    );
    const sends = await mapLimit(
      Array.from({ length: MESSAGES }, (_, i) => i),
      10,
      (i) => sendSms(api.base, firm, clients[i % CLIENTS], `Your refund is on its way (${i}).`),
    );
    expect(sends.map((s) => s.status)).toEqual(sends.map(() => 202));
    const ids = sends.map((s) => s.id as string);

    // Every text is queued; the worker takes up to 100 at once. Kill it once half of those are
    // at the carrier, unanswered, and the rest of its batches still on their way there.
    const first = await startWorker('worker-1', env);
    processes.push(first);
    const sendRequests = () =>
      fake.requests.filter((r) => SEND.test(r.path) && r.form.From === firm.number).length;
    await until('the worker to be mid-dispatch', sendRequests, (n) => n >= 50, 60_000, 10);
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await first.exited;
    const inFlight = [...createdAt]
      .filter(([, at]) => at + CARRIER_LATENCY_MS > killedAt)
      .map(([id]) => id);
    const reachedBeforeKill = new Set(createdAt.keys());
    const atKill = tally((await db.messages(firm.id, 'outbound')).map((m) => m.status));
    expect(inFlight.length).toBeGreaterThan(0);
    expect(atKill.get('queued') ?? 0).toBeGreaterThan(0);

    const second = await startWorker('worker-2', env);
    processes.push(second);
    const final = await until(
      'every queued text to be sent after the restart',
      () => db.messages(firm.id, 'outbound'),
      (rows) => rows.length === MESSAGES && rows.every((r) => r.status === 'sent'),
      150_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${outputsOf(processes)}`);
    });

    expect(new Set(final.map((m) => m.id))).toEqual(new Set(ids));
    expect(final.filter((m) => m.carrierMessageId === null)).toEqual([]);
    const atCarrier = tally(firmMessages().map((m) => messageIdOf(m.statusCallback)));
    expect(ids.filter((id) => !atCarrier.has(id))).toEqual([]);
    const twice = ids.filter((id) => (atCarrier.get(id) ?? 0) > 1);
    expect(twice).toEqual([]);
    const lookups = fake.requests.filter(
      (r) => r.method === 'GET' && SEND.test(r.path) && r.query.From === firm.number,
    ).length;
    // Every text the dead worker left at the carrier without a callback was looked up, not resent.
    const inFlightWithout = inFlight.filter((id) => !withCallback.has(id)).length;
    expect(lookups).toBeGreaterThanOrEqual(inFlightWithout);
    expect(reachedBeforeKill.size).toBeGreaterThan(0);
    expect((await Promise.all(callbacks)).filter((a) => !isTwiml200(a))).toEqual([]);

    console.log(
      `worker crash: killed with ${inFlight.length} sends in flight at the carrier ` +
        `(${inFlight.length - inFlightWithout} with a status callback, ${inFlightWithout} without) and ` +
        `${atKill.get('queued') ?? 0} still queued; after the restart all ${MESSAGES} sent; ` +
        `looked up at the carrier before re-sending: ${lookups}; reached the carrier twice: ${twice.length}`,
    );
  });
});
