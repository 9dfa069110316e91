import { Client, QueryConfig } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus } from '@app/platform';
import { NumberClaimed } from '@app/numbers';
import {
  TestApp,
  TestFirm,
  embeddedDatabase,
  startTestApp,
  workerDatabaseUrl,
} from '../support/test-app';

/**
 * A firm's audit page must stay an index scan however large the log grows. The log is seeded
 * with generate_series into a copy of activity_log in a schema of its own — same columns, same
 * indexes read from the migrated table — so the append-only table and the other tests are
 * untouched, and the schema is dropped afterwards. One firm holds a tenth of the rows, the rest
 * are spread over 999 firms. The SQL explained is the one the API sends: it is captured from the
 * driver while the route answers, then explained against the copy for the seeded firm.
 *
 * PGlite is PostgreSQL in single-threaded WebAssembly, and every worker's embedded database
 * runs in jest's one parent process: a long statement there stalls the other test files too. So
 * the embedded database gets 100k rows instead of 1.2M, loaded in short statements; that still
 * gives the big firm 10k rows and the planner the same choices.
 */
const ROWS = embeddedDatabase() ? 100_000 : 1_200_000;
const CHUNK = embeddedDatabase() ? 10_000 : 500_000;
const SCHEMA = `activity_scale_${process.pid}`;
const BIG_FIRM = '00000000-0000-4000-a000-000000000001';
const uuid = (group: string, n: number) =>
  `00000000-0000-4000-${group}-${n.toString(16).padStart(12, '0')}`;
const SEEDED_CLIENT = uuid('c000', 11);
const SEEDED_MEMBER = uuid('d000', 1);

const SEED = `
insert into "${SCHEMA}".activity_log (id, firm_id, type, occurred_at, actor_id, client_id, message_id, data)
select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid,
  case when i % 10 = 0 then '${BIG_FIRM}'::uuid else f.ids[1 + i % 999] end,
  t.type,
  timestamptz '2024-01-01 00:00:00+00' + i * (interval '1 second' * 20000000 / $1::int),
  case when t.type in ('sms.message.outbound', 'sms.number.claimed', 'sms.client.opted_out')
    then m.ids[1 + (i / 10) % 7] end,
  case when t.type not like 'sms.number.%' then c.ids[1 + (i / 10) % 5000] end,
  case when t.type like 'sms.message.%'
    then ('00000000-0000-4000-9000-' || lpad(to_hex(i), 12, '0'))::uuid end,
  '{"segments":1}'::jsonb
from generate_series($2::int, $3::int) as i
cross join (select array_agg(('00000000-0000-4000-b000-' || lpad(to_hex(n), 12, '0'))::uuid) ids
  from generate_series(1, 999) n) f
cross join (select array_agg(('00000000-0000-4000-c000-' || lpad(to_hex(n), 12, '0'))::uuid) ids
  from generate_series(1, 5000) n) c
cross join (select array_agg(('00000000-0000-4000-d000-' || lpad(to_hex(n), 12, '0'))::uuid) ids
  from generate_series(1, 7) n) m
cross join lateral (select case abs(hashint4(i)::bigint) % 10000
  when 0 then 'sms.number.claimed'
  when 1 then 'sms.number.released'
  else (array['sms.message.outbound', 'sms.message.outbound', 'sms.message.outbound',
    'sms.message.outbound', 'sms.message.outbound', 'sms.message.outbound',
    'sms.message.outbound', 'sms.message.outbound', 'sms.message.inbound', 'sms.message.inbound',
    'sms.message.inbound', 'sms.message.inbound', 'sms.message.inbound', 'sms.message.inbound',
    'sms.message.inbound', 'sms.message.inbound', 'sms.message.delivery_failed',
    'sms.message.delivery_failed', 'sms.client.opted_out', 'sms.client.opted_in'
  ])[1 + abs(hashint4(i)::bigint) % 20] end as type) t`;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Plan Rows': number;
  Plans?: PlanNode[];
}

function flatten(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(flatten)];
}

function summary(node: PlanNode): string {
  const label = `${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`;
  const children = (node.Plans ?? []).map(summary);
  return children.length ? `${label} → ${children.join(' + ')}` : label;
}

describe('activity log at scale', () => {
  let t: TestApp;
  let firm: TestFirm;
  let db: Client;
  let nextCursor: string;

  beforeAll(async () => {
    t = await startTestApp();
    firm = await t.provisionFirm();
    // Two real entries, so the API hands out a real cursor for the second-page query.
    await t.app
      .get(EntityManager)
      .fork()
      .transactional((tx) =>
        t.app
          .get(IntegrationEventBus)
          .publish(
            tx,
            new NumberClaimed(
              firm.id,
              '+15035550100',
              firm.members.owner.id,
              '2026-11-01T09:00:00Z',
            ),
            new NumberClaimed(
              firm.id,
              '+15035550100',
              firm.members.owner.id,
              '2026-11-01T10:00:00Z',
            ),
          ),
      );
    nextCursor = (await firm.as('owner').get('/api/activity?limit=1').expect(200)).body.nextCursor;

    db = new Client({ connectionString: workerDatabaseUrl() });
    await db.connect();
    await db.query(`create schema "${SCHEMA}"`);
    // Unlogged and indexed after the load: the quickest way to a large, realistic table.
    await db.query(
      `create unlogged table "${SCHEMA}".activity_log (like public.activity_log including defaults including identity including constraints)`,
    );
    for (let first = 1; first <= ROWS; first += CHUNK)
      await db.query(SEED, [ROWS, first, Math.min(first + CHUNK - 1, ROWS)]);
    const indexes = await db.query<{ indexdef: string }>(
      `select indexdef from pg_indexes where schemaname = 'public' and tablename = 'activity_log'`,
    );
    expect(indexes.rows.length).toBe(5);
    for (const { indexdef } of indexes.rows)
      await db.query(indexdef.replace(' ON public.activity_log ', ` ON "${SCHEMA}".activity_log `));
    await db.query(`analyze "${SCHEMA}".activity_log`);
  }, 120_000);

  afterAll(async () => {
    if (db) {
      await db.query(`drop schema if exists "${SCHEMA}" cascade`);
      await db.end();
    }
    await t?.close();
  });

  /** The statement the route sent to the database for this query string. */
  async function sqlOf(query: Record<string, string>): Promise<QueryConfig> {
    const spy = jest.spyOn(Client.prototype, 'query');
    try {
      await firm.as('owner').get('/api/activity').query(query).expect(200);
      const sent = spy.mock.calls
        .map(([config]) => config as unknown)
        .filter(
          (config): config is QueryConfig =>
            typeof config === 'object' &&
            config !== null &&
            /from activity_log where firm_id/.test((config as QueryConfig).text),
        );
      expect(sent).toHaveLength(1);
      return sent[0];
    } finally {
      spy.mockRestore();
    }
  }

  /** EXPLAIN ANALYZE of that statement against the seeded copy, for the big firm. */
  async function planOf(statement: QueryConfig): Promise<{ plan: PlanNode; ms: number }> {
    // The ORM inlines parameters as literals; the firm's id is swapped for the seeded firm's.
    expect(statement.text).toContain(`firm_id = '${firm.id}'`);
    const text = statement.text.replace(`'${firm.id}'`, `'${BIG_FIRM}'`);
    await db.query('begin');
    try {
      await db.query(`set local search_path to "${SCHEMA}", public`);
      const res = await db.query<{
        'QUERY PLAN': Array<{ Plan: PlanNode; 'Execution Time': number }>;
      }>(`explain (analyze, format json) ${text}`, statement.values ?? []);
      const [explained] = res.rows[0]['QUERY PLAN'];
      return { plan: explained.Plan, ms: explained['Execution Time'] };
    } finally {
      await db.query('commit');
    }
  }

  const cases: Array<[string, () => Record<string, string>, 'ordered' | 'small-sort']> = [
    ['the first page', () => ({}), 'ordered'],
    ['the next page', () => ({ cursor: nextCursor }), 'ordered'],
    ['one type', () => ({ type: 'sms.message.outbound' }), 'ordered'],
    ['a common prefix', () => ({ type: 'sms.message.*' }), 'small-sort'],
    ['a rare prefix', () => ({ type: 'sms.number.*' }), 'small-sort'],
    ['one client', () => ({ clientId: SEEDED_CLIENT }), 'small-sort'],
    ['one actor', () => ({ actorId: SEEDED_MEMBER }), 'small-sort'],
    ['one actor and type', () => ({ actorId: SEEDED_MEMBER, type: 'sms.client.*' }), 'small-sort'],
    ['a month', () => ({ from: '2024-06-01', to: '2024-06-30T23:59:59.999Z' }), 'ordered'],
  ];

  it.each(cases)('reads %s of a large firm through an index', async (label, query, shape) => {
    const { plan, ms } = await planOf(await sqlOf(query()));
    console.log(`${label} (${ROWS} rows, ${ms.toFixed(1)} ms): ${summary(plan)}`);
    const nodes = flatten(plan);
    expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan')).toEqual([]);
    expect(nodes.some((n) => n['Index Name']?.startsWith('activity_log_firm_'))).toBe(true);
    if (shape === 'ordered') {
      // The index already yields newest first: the limit stops the scan, nothing is sorted.
      expect(plan['Node Type']).toBe('Limit');
      expect(plan.Plans?.[0]['Node Type']).toBe('Index Scan');
      expect(nodes.some((n) => n['Node Type'].includes('Sort'))).toBe(false);
    } else {
      // Either an ordered index scan, or the few rows one client or rare type has, sorted.
      for (const sort of nodes.filter((n) => n['Node Type'].includes('Sort')))
        expect(sort['Plan Rows']).toBeLessThanOrEqual(1000);
    }
  });
});
