import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { TestApp, TestFirm, startTestApp } from '../support/test-app';

interface StoredText {
  direction: 'outbound' | 'inbound';
  segments: number;
  at: string;
  /** Outbound only: false when it failed before the carrier took it. */
  carrierAccepted?: boolean;
  status?: string;
}

/** Monthly usage in segments, counted from the messages table over UTC month boundaries. */
describe('GET /api/sms/usage', () => {
  let t: TestApp;
  let firm: TestFirm;
  let other: TestFirm;

  /** Message rows as the sending and inbound paths store them, written through the ORM. */
  async function store(f: TestFirm, texts: StoredText[]): Promise<void> {
    const firmNumber = '+15035550100';
    const clientPhone = '+15035550142';
    await t.app
      .get(EntityManager)
      .fork()
      .insertMany(
        'MessageEntity',
        texts.map((text) => {
          const outbound = text.direction === 'outbound';
          const at = new Date(text.at);
          return {
            id: randomUUID(),
            firmId: f.id,
            clientId: null,
            direction: text.direction,
            channel: 'sms',
            body: 'Counted, never read by usage',
            fromNumber: outbound ? firmNumber : clientPhone,
            toNumber: outbound ? clientPhone : firmNumber,
            peerNumber: clientPhone,
            status: text.status ?? (outbound ? 'delivered' : 'received'),
            statusRank: 1,
            segments: text.segments,
            encoding: 'GSM-7',
            carrierAccepted: outbound ? (text.carrierAccepted ?? true) : false,
            createdAt: at,
            statusUpdatedAt: at,
          };
        }),
      );
  }

  const usage = (month?: string, f = firm) =>
    f
      .as('owner')
      .get('/api/sms/usage')
      .query(month === undefined ? {} : { month })
      .expect(200)
      .then((res) => res.body);

  beforeAll(async () => {
    t = await startTestApp({ SMS_ALLOWANCE_SEGMENTS: '10', SMS_OVERAGE_CENTS_PER_SEGMENT: '3' });
    [firm, other] = await Promise.all([t.provisionFirm(), t.provisionFirm()]);
    await store(firm, [
      { direction: 'inbound', segments: 2, at: '2026-10-31T23:59:59.999Z' },
      { direction: 'inbound', segments: 1, at: '2026-11-01T00:00:00.000Z' },
      { direction: 'inbound', segments: 8, at: '2026-11-12T15:00:00.000Z' },
      { direction: 'outbound', segments: 1, at: '2026-11-14T09:00:00.000Z', status: 'undelivered' },
      {
        direction: 'outbound',
        segments: 4,
        at: '2026-11-15T09:00:00.000Z',
        carrierAccepted: false,
        status: 'failed',
      },
      { direction: 'outbound', segments: 2, at: '2026-11-30T23:59:59.999Z' },
      { direction: 'outbound', segments: 3, at: '2026-12-01T00:00:00.000Z' },
    ]);
    await store(other, [{ direction: 'outbound', segments: 7, at: '2026-11-20T12:00:00.000Z' }]);
  });
  afterAll(() => t.close());

  it('counts the month’s texts both ways, only carrier-accepted outbound, with the overage', async () => {
    expect(await usage('2026-11')).toEqual({
      month: '2026-11',
      outbound: { messages: 2, segments: 3 },
      inbound: { messages: 2, segments: 9 },
      allowanceSegments: 10,
      overageSegments: 2,
      estimatedOverageCents: 6,
    });
  });

  it('puts the last millisecond of a month in it and its midnight in the next', async () => {
    expect(await usage('2026-10')).toMatchObject({
      outbound: { messages: 0, segments: 0 },
      inbound: { messages: 1, segments: 2 },
      overageSegments: 0,
      estimatedOverageCents: 0,
    });
    expect(await usage('2026-12')).toMatchObject({
      outbound: { messages: 1, segments: 3 },
      inbound: { messages: 0, segments: 0 },
      overageSegments: 0,
    });
  });

  it('counts only the caller’s firm', async () => {
    expect(await usage('2026-11', other)).toMatchObject({
      outbound: { messages: 1, segments: 7 },
      inbound: { messages: 0, segments: 0 },
    });
  });

  it('defaults to the current UTC month', async () => {
    const f = await t.provisionFirm();
    const now = new Date();
    await store(f, [{ direction: 'inbound', segments: 1, at: now.toISOString() }]);
    expect(await usage(undefined, f)).toEqual({
      month: now.toISOString().slice(0, 7),
      outbound: { messages: 0, segments: 0 },
      inbound: { messages: 1, segments: 1 },
      allowanceSegments: 10,
      overageSegments: 0,
      estimatedOverageCents: 0,
    });
  });

  it.each(['2026-13', '26-11', 'abc', '2026-1', '2026-11-01', '2026-00', ''])(
    'answers month=%p with 400 validation_failed',
    async (month) => {
      const res = await firm.as('owner').get('/api/sms/usage').query({ month }).expect(400);
      expect(res.body).toMatchObject({
        code: 'validation_failed',
        errors: [{ field: 'month', message: expect.any(String) }],
      });
    },
  );

  it('is for members who may view firm settings', async () => {
    await firm.as('staff').get('/api/sms/usage?month=2026-11').expect(200);
    await firm.as('admin').get('/api/sms/usage?month=2026-11').expect(200);
    const res = await firm.as('viewer').get('/api/sms/usage?month=2026-11').expect(403);
    expect(res.body.code).toBe('forbidden');
  });
});
