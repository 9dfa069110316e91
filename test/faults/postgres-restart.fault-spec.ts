import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fakeMessageSid } from '../support/twilio-inbound';
import { clientPhones, createClient, Firm, provisionFirm, ROLES } from './support/api-client';
import {
  AppProcess,
  outputsOf,
  processEnv,
  startApi,
  startWorker,
  stopAll,
} from './support/app-processes';
import { deliverInbound, inboundParams, isTwiml200, TimedAnswer } from './support/carrier-webhooks';
import { DbProbe } from './support/db-probe';
import { ThrowawayPostgres } from './support/throwaway-postgres';
import { mapLimit, sleep, tally, until } from './support/timing';

const AUTH_TOKEN = 'fault-pg-restart-auth-token-0123456789';
const TEXTS = 300;
const CLIENTS = 20;
const LANES = 6;
/** Twilio retries a webhook that failed; here sooner than it would, to keep the test short. */
const RETRY_AFTER_MS = 250;
const DOWN_FOR_MS = 3_000;
const RESTART_AFTER_ACCEPTED = 100;
const DEADLINE_MS = 120_000;

/**
 * Injected: the database crashes (pg_ctl stop -m immediate) in the middle of a steady stream of
 * inbound webhooks, stays down for 3 s, and restarts (crash recovery). It is a throwaway cluster
 * of this test's own, so nothing else on the machine notices.
 * Asserted: while it is down the API answers webhooks with 5xx, never a 200 it cannot keep and
 * never a 4xx that would stop Twilio retrying, and the API and worker processes stay up; with
 * Twilio's retries every text is eventually accepted; each is stored exactly once (so nothing answered 200
 * was lost, and a retry of a text whose first attempt committed did not duplicate it), with one
 * activity entry; and the worker, whose alert jobs failed while the database was down, gives each
 * text one in-app notification per member.
 */
describe('fault: PostgreSQL restarted during inbound load', () => {
  let pg: ThrowawayPostgres;
  let api: AppProcess | null = null;
  let worker: AppProcess | null = null;
  let db: DbProbe;
  let firm: Firm;
  const phones = clientPhones(CLIENTS);

  beforeAll(async () => {
    pg = await ThrowawayPostgres.create();
    const env = processEnv(pg.url, { CARRIER: 'sandbox', TWILIO_AUTH_TOKEN: AUTH_TOKEN });
    await promisify(execFile)(
      process.execPath,
      [join(resolve(__dirname, '../..'), 'dist/apps/api/src/cli/migrate.js')],
      { env: { PATH: process.env.PATH ?? '', ...env } },
    );
    api = await startApi('api', env);
    worker = await startWorker('worker', env);
    firm = await provisionFirm(api.base);
    for (const [i, phone] of phones.entries()) {
      await createClient(api.base, firm, { name: `Restart Client ${i}`, phone });
    }
  }, 180_000);

  afterAll(async () => {
    await stopAll([api, worker]);
    await db?.close();
    await pg?.destroy();
  });

  it('answers 5xx while down, loses nothing answered 200, stores each text once', async () => {
    const base = (api as AppProcess).base;
    const texts = Array.from({ length: TEXTS }, (_, i) =>
      inboundParams({
        from: phones[i % CLIENTS],
        to: firm.number,
        body: `Sent the W-2 (${i})`,
        sid: fakeMessageSid(),
      }),
    );
    const refused: Array<TimedAnswer & { at: number }> = [];
    const acceptedAt = new Map<string, number>();
    const deadline = Date.now() + DEADLINE_MS;
    const exits: string[] = [];
    for (const p of [api, worker] as AppProcess[]) {
      void p.exited.then((code) => exits.push(`${p.label} exited with ${code}`));
    }

    let downAt = 0;
    let upAt = 0;
    const restart = (async () => {
      while (acceptedAt.size < RESTART_AFTER_ACCEPTED) await sleep(20);
      await pg.stop('immediate');
      downAt = Date.now();
      await sleep(DOWN_FOR_MS);
      await pg.start();
      upAt = Date.now();
    })();

    // Twilio's side: each text is posted until it is answered 200, retrying after a failure.
    await mapLimit(texts, LANES, async (params) => {
      while (Date.now() < deadline) {
        const answer = await deliverInbound(base, params, AUTH_TOKEN);
        if (isTwiml200(answer)) {
          acceptedAt.set(params.MessageSid, Date.now());
          return;
        }
        refused.push({ ...answer, at: Date.now() });
        await sleep(RETRY_AFTER_MS);
      }
    });
    await restart;

    const failure = `\n${outputsOf([api, worker])}`;
    expect({ accepted: acceptedAt.size, failure }).toEqual({ accepted: TEXTS, failure });
    // The outage was felt, and only as server errors.
    expect(refused.length).toBeGreaterThan(0);
    expect(
      refused.filter((a) => a.status < 500).map((a) => `${a.status} ${a.text.slice(0, 200)}`),
    ).toEqual([]);

    // Read after the restart: a connection from before it died with the server.
    db = await DbProbe.connect(pg.url);
    const stored = await db.messages(firm.id, 'inbound');
    expect(stored).toHaveLength(TEXTS);
    const sids = tally(stored.map((m) => m.carrierMessageId ?? ''));
    expect(texts.filter((t) => sids.get(t.MessageSid) !== 1)).toEqual([]);

    const alerts = async () =>
      tally((await db.notifications(firm.id)).map((n) => `${n.memberId} ${n.messageId}`));
    const notified = await until(
      'the worker to alert every member of every text',
      alerts,
      (n) => n.size >= TEXTS * ROLES.length,
      60_000,
    );
    expect(notified.size).toBe(TEXTS * ROLES.length);
    // Neither process ended on the way: both rode the outage out.
    expect(exits).toEqual([]);
    expect([...notified.values()].every((n) => n === 1)).toBe(true);
    const activity = tally(
      (await db.activity(firm.id, 'sms.message.inbound')).map((a) => a.messageId),
    );
    expect(stored.filter((m) => activity.get(m.id) !== 1)).toEqual([]);

    const firstOkAfterRestart = Math.min(...[...acceptedAt.values()].filter((at) => at > upAt));
    console.log(
      `postgres restart: down ${upAt - downAt} ms; ${refused.length} webhook answers refused ` +
        `(${JSON.stringify(Object.fromEntries(tally(refused.map((a) => String(a.status)))))}); ` +
        `first 200 ${firstOkAfterRestart - upAt} ms after it was back; all ${TEXTS} stored once`,
    );
  });
});
