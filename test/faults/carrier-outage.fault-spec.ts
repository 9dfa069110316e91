import { randomBytes } from 'node:crypto';
import { FakeTwilio, RecordedRequest, TwilioFault } from '../support/fake-twilio';
import { clientPhones, createClient, sendSms } from './support/api-client';
import { messageIdOf } from './support/carrier-webhooks';
import { useTwilioBed } from './support/twilio-bed';
import { mapLimit, tally, until } from './support/timing';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'fault-carrier-auth-token-0123456789';
const SEND = { method: 'POST', path: /\/Messages\.json$/ };
const MESSAGES = 24;
const PERMANENT = 3;
/** The stretch of trouble, in the order the carrier answers it. */
const STRETCH: Array<{ fault: TwilioFault; times: number }> = [
  { fault: { status: 429, code: 20429 }, times: 12 },
  { fault: { status: 500 }, times: 12 },
  { fault: { status: 503 }, times: 6 },
  { fault: { reset: true }, times: 6 },
  // Longer than the client's 10 s timeout, and the carrier never created the message.
  { fault: { hangMs: 12_000 }, times: 6 },
];
/** The production dispatch policy: the first retry waits 2–4 s, then doubling. */
const FIRST_RETRY_MS = 2_000;
const CLIENT_TIMEOUT_MS = 10_000;

/**
 * Injected: for a stretch of 42 carrier answers, Twilio is in trouble: 429 rate limits, 500 and
 * 503 errors, connections reset, and requests that hang past the client's timeout. Three of the
 * 27 texts go to a number Twilio rejects for good (21211).
 * Asserted: every transient failure is retried by the queue with backoff (never sooner than its
 * first retry delay) until all 24 good texts are sent, each created at the carrier exactly once;
 * every injected fault was met; each 21211 text fails after a single request, with its code and
 * one alert to its sender.
 */
describe('fault: carrier 429/500/timeouts for a stretch, and permanent errors', () => {
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  const bed = useTwilioBed(fake, ACCOUNT_SID, AUTH_TOKEN);

  it('retries transient trouble with backoff until all are sent once; fails 21211 at once', async () => {
    const phones = clientPhones(MESSAGES + PERMANENT);
    const doomed = new Set(phones.slice(MESSAGES));
    const clients = await mapLimit(phones, 8, (phone, i) =>
      createClient(bed.t.baseUrl, bed.firm, { name: `Carrier Client ${i}`, phone }),
    );
    // Faults are answered in the order they were set: the targeted ones first.
    for (const phone of doomed) fake.fail({ ...SEND, to: phone }, { status: 400, code: 21211 }, 1);
    for (const { fault, times } of STRETCH) fake.fail(SEND, fault, times);
    const injected = STRETCH.reduce((n, s) => n + s.times, 0);

    const sends = await mapLimit(clients, 8, (clientId, i) =>
      sendSms(bed.t.baseUrl, bed.firm, clientId, `Please sign form 8879 (${i}).`),
    );
    expect(sends.map((s) => s.status)).toEqual(clients.map(() => 202));
    const ids = sends.map((s) => s.id as string);
    const good = ids.slice(0, MESSAGES);
    const bad = ids.slice(MESSAGES);

    const final = await until(
      'every text to be sent or failed',
      () => bed.db.messages(bed.firm.id, 'outbound'),
      (rows) =>
        rows.length === ids.length &&
        rows.every((r) => r.status === 'sent' || r.status === 'failed'),
      120_000,
    );
    const byId = new Map(final.map((m) => [m.id, m]));

    // Every good text: sent, created at the carrier exactly once.
    expect(good.map((id) => byId.get(id)?.status)).toEqual(good.map(() => 'sent'));
    const created = tally(bed.firmMessages().map((m) => messageIdOf(m.statusCallback)));
    expect(good.map((id) => created.get(id) ?? 0)).toEqual(good.map(() => 1));

    // Every fault of the stretch was met, and nothing else was asked of the carrier.
    // Only this firm's: a job another test file left in this worker's database may run here too.
    const sendRequests = fake.requests.filter(
      (r) => r.method === 'POST' && SEND.path.test(r.path) && r.form.From === bed.firm.number,
    );
    const faulted = sendRequests.filter((r) => r.fault !== null);
    expect(faulted).toHaveLength(injected + PERMANENT);
    expect(sendRequests).toHaveLength(MESSAGES + injected + PERMANENT);

    // Backoff: after a failed attempt the queue waits at least its first retry delay.
    const gaps = retryGaps(sendRequests.filter((r) => !doomed.has(String(r.form.To))));
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.filter((g) => g.ms < g.atLeast)).toEqual([]);

    // 21211: failed on the first and only request, with its code, the sender told once.
    for (const id of bad) {
      expect(byId.get(id)).toMatchObject({ status: 'failed', errorCode: '21211', attempts: 1 });
      expect(created.get(id) ?? 0).toBe(0);
    }
    for (const phone of doomed) {
      expect(sendRequests.filter((r) => r.form.To === phone)).toHaveLength(1);
    }
    const alerts = (await bed.db.notifications(bed.firm.id)).filter(
      (n) => n.type === 'sms.delivery_failed',
    );
    expect(tally(alerts.map((a) => `${a.memberId} ${a.messageId}`))).toEqual(
      new Map(bad.map((id) => [`${bed.firm.members.staff.id} ${id}`, 1])),
    );

    const attempts = good.map((id) => byId.get(id)?.attempts ?? 0);
    console.log(
      `carrier outage: ${injected} faults + ${PERMANENT} permanent over ${sendRequests.length} requests; ` +
        `queue attempts per good text ${Math.min(...attempts)}–${Math.max(...attempts)}; ` +
        `shortest retry gap ${Math.min(...gaps.map((g) => g.ms))} ms`,
    );
  });
});

/**
 * For each text, the time from a failed request to the next one. After a 429 the SDK itself
 * retries within a second, so those pairs are not the queue's; after a timeout the gap also
 * holds the client's wait.
 */
function retryGaps(
  requests: RecordedRequest[],
): Array<{ to: string; ms: number; atLeast: number }> {
  const byTo = new Map<string, RecordedRequest[]>();
  for (const r of requests)
    byTo.set(String(r.form.To), [...(byTo.get(String(r.form.To)) ?? []), r]);
  const gaps: Array<{ to: string; ms: number; atLeast: number }> = [];
  for (const [to, list] of byTo) {
    list.sort((a, b) => a.at - b.at);
    for (let i = 0; i + 1 < list.length; i++) {
      const fault = list[i].fault;
      if (!fault || ('status' in fault && fault.status === 429)) continue;
      const atLeast = 'hangMs' in fault ? CLIENT_TIMEOUT_MS + FIRST_RETRY_MS : FIRST_RETRY_MS;
      // A little slack for timer and clock granularity.
      gaps.push({ to, ms: list[i + 1].at - list[i].at, atLeast: atLeast - 100 });
    }
  }
  return gaps;
}
