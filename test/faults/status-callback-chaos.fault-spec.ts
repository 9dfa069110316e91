import { randomBytes } from 'node:crypto';
import { FakeMessage, FakeTwilio } from '../support/fake-twilio';
import { clientPhones, createClient, sendSms } from './support/api-client';
import {
  deliverStatus,
  isTwiml200,
  messageIdOf,
  statusParams,
  TimedAnswer,
} from './support/carrier-webhooks';
import { useTwilioBed } from './support/twilio-bed';
import { mapLimit, runSeed, seededRandom, sleep, tally, until } from './support/timing';

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = 'fault-status-auth-token-0123456789';
const MESSAGES = 500;
const CLIENTS = 50;
const POSTERS = 16;

/** What the carrier reports for one message, and what must be stored in the end. */
interface Story {
  name: string;
  callbacks: Array<{ status: string; errorCode?: string }>;
  final: { status: string; errorCode: string | null };
  /** How many "not delivered" alerts the sender must have in the end. */
  failureAlert: 0 | 1;
  /**
   * How many failure reports the audit keeps: a correction's failure is kept when it came
   * before the delivery, and ranks below it (changing nothing) when it came after.
   */
  failureActivity: 0 | 1 | 'at most 1';
}

const STORIES: Array<{ weight: number; story: Story }> = [
  {
    weight: 55,
    story: {
      name: 'delivered',
      callbacks: [{ status: 'sending' }, { status: 'sent' }, { status: 'delivered' }],
      final: { status: 'delivered', errorCode: null },
      failureAlert: 0,
      failureActivity: 0,
    },
  },
  {
    weight: 15,
    story: {
      name: 'undelivered',
      callbacks: [{ status: 'sent' }, { status: 'undelivered', errorCode: '30003' }],
      final: { status: 'undelivered', errorCode: '30003' },
      failureAlert: 1,
      failureActivity: 1,
    },
  },
  {
    weight: 10,
    story: {
      name: 'failed',
      callbacks: [{ status: 'queued' }, { status: 'failed', errorCode: '30007' }],
      final: { status: 'failed', errorCode: '30007' },
      failureAlert: 1,
      failureActivity: 1,
    },
  },
  {
    weight: 12,
    story: {
      name: 'sent, no receipt',
      callbacks: [{ status: 'sent' }],
      final: { status: 'sent', errorCode: null },
      failureAlert: 0,
      failureActivity: 0,
    },
  },
  {
    weight: 8,
    story: {
      name: 'undelivered, then corrected to delivered',
      callbacks: [
        { status: 'sent' },
        { status: 'undelivered', errorCode: '30008' },
        { status: 'delivered' },
      ],
      final: { status: 'delivered', errorCode: null },
      failureAlert: 0,
      failureActivity: 'at most 1',
    },
  },
];

interface Callback {
  message: FakeMessage;
  status: string;
  errorCode?: string;
}

/**
 * Injected: the carrier's status callbacks for 500 sent messages arrive shuffled across all
 * messages, each one 1–3 times, from 16 concurrent senders, starting while the dispatch worker
 * is still handing messages over (so some reports beat the worker's own record of the send).
 * Stories: delivered; undelivered (30003); failed (30007); sent with no receipt; undelivered then
 * corrected to delivered.
 * Asserted: every callback answered 200; each message handed to the carrier once; every final
 * status and error code is the story's last word by rank (forward-only), whatever the order;
 * in the end the sender holds one "not delivered" alert per failed message and none for a
 * delivered one (a correction takes its alert back), and the audit keeps each failure report
 * that moved a status.
 */
describe('fault: status callbacks shuffled and duplicated for 500 messages', () => {
  const seed = runSeed();
  const random = seededRandom(seed);
  const fake = new FakeTwilio(ACCOUNT_SID, AUTH_TOKEN);
  const bed = useTwilioBed(fake, ACCOUNT_SID, AUTH_TOKEN);
  const stories = new Map<string, Story>();
  const pool: Callback[] = [];
  const answers: TimedAnswer[] = [];

  function pickStory(): Story {
    let roll = random() * STORIES.reduce((n, s) => n + s.weight, 0);
    for (const { weight, story } of STORIES) {
      roll -= weight;
      if (roll < 0) return story;
    }
    return STORIES[0].story;
  }

  it('ends every message at the right status, alerting failures once', async () => {
    console.log(`status chaos: seed ${seed} (FAULT_SEED=${seed} replays this run)`);
    // The carrier's reports for a message exist from the moment it accepted it.
    fake.onMessage((message) => {
      // Only this firm's: a job another test file left in this worker's database may run here.
      if (message.from !== bed.firm.number) return;
      const story = pickStory();
      stories.set(messageIdOf(message.statusCallback), story);
      for (const callback of story.callbacks) {
        const copies = 1 + Math.floor(random() * 3);
        for (let k = 0; k < copies; k++) pool.push({ message, ...callback });
      }
    });

    const phones = clientPhones(CLIENTS);
    const clientIds = await mapLimit(phones, 8, (phone, i) =>
      createClient(bed.t.baseUrl, bed.firm, { name: `Status Client ${i}`, phone }),
    );
    let sending = true;
    const posting = Promise.all(Array.from({ length: POSTERS }, () => postFromPool(() => sending)));
    const sends = await mapLimit(
      Array.from({ length: MESSAGES }, (_, i) => i),
      10,
      (i) =>
        sendSms(bed.t.baseUrl, bed.firm, clientIds[i % CLIENTS], `Your organizer is ready (${i}).`),
    );
    expect(sends.filter((s) => s.status !== 202)).toEqual([]);
    await until(
      'every message handed to the carrier',
      () => stories.size,
      (n) => n >= MESSAGES,
      90_000,
    );
    sending = false;
    await posting;

    expect(answers.filter((a) => !isTwiml200(a))).toEqual([]);
    const ids = sends.map((s) => s.id as string);
    expect(new Set(stories.keys())).toEqual(new Set(ids));
    expect(
      [...tally(bed.firmMessages().map((m) => messageIdOf(m.statusCallback))).values()].every(
        (n) => n === 1,
      ),
    ).toBe(true);

    // The worker records its own "sent" after the carrier answers; wait until it has caught up.
    const stored = await until(
      'the worker to record every send',
      () => bed.db.messages(bed.firm.id, 'outbound'),
      (rows) => rows.length === MESSAGES && rows.every((r) => r.carrierMessageId !== null),
      30_000,
    );
    const bySid = new Map(bed.firmMessages().map((m) => [messageIdOf(m.statusCallback), m.sid]));
    const actual = Object.fromEntries(
      stored.map((m) => [
        m.id,
        { status: m.status, errorCode: m.errorCode, sid: m.carrierMessageId },
      ]),
    );
    const wanted = Object.fromEntries(
      ids.map((id) => [id, { ...(stories.get(id) as Story).final, sid: bySid.get(id) }]),
    );
    expect(actual).toEqual(wanted);

    const alerts = tally(
      (await bed.db.notifications(bed.firm.id))
        .filter((n) => n.type === 'sms.delivery_failed')
        .map((n) => {
          expect(n.memberId).toBe(bed.firm.members.staff.id);
          return n.messageId;
        }),
    );
    const failedActivity = tally(
      (await bed.db.activity(bed.firm.id, 'sms.message.delivery_failed')).map((a) => a.messageId),
    );
    for (const id of ids) {
      const story = stories.get(id) as Story;
      expect({ id, alerts: alerts.get(id) ?? 0 }).toEqual({ id, alerts: story.failureAlert });
      const audited = failedActivity.get(id) ?? 0;
      if (story.failureActivity === 'at most 1') expect(audited).toBeLessThanOrEqual(1);
      else expect({ id, audited }).toEqual({ id, audited: story.failureActivity });
    }

    const byStory = tally(ids.map((id) => (stories.get(id) as Story).name));
    console.log(
      `status chaos: ${MESSAGES} messages, ${answers.length} callbacks posted; ` +
        `${JSON.stringify(Object.fromEntries(byStory))}; ${[...alerts.values()].length} failure alerts`,
    );
  }, 240_000);

  /** One of Twilio's senders: takes a random pending callback, posts it, until none is left. */
  async function postFromPool(stillSending: () => boolean): Promise<void> {
    for (;;) {
      if (pool.length === 0) {
        if (!stillSending()) return;
        await sleep(5);
        continue;
      }
      const index = Math.floor(random() * pool.length);
      const [callback] = pool.splice(index, 1);
      const extra: Record<string, string> = {
        From: callback.message.from,
        To: callback.message.to,
      };
      if (callback.errorCode) extra.ErrorCode = callback.errorCode;
      answers.push(
        await deliverStatus(
          bed.t.baseUrl,
          callback.message.statusCallback as string,
          statusParams(callback.message.sid, callback.status, {
            ...extra,
            AccountSid: ACCOUNT_SID,
          }),
          AUTH_TOKEN,
        ),
      );
    }
  }
});
