import { ThreadTouch, threadUpsert } from './thread-updater';

const at = (ms: number) => new Date(Date.UTC(2026, 10, 29, 12, 0, 0, ms));
const touch = (clientId: string, id: string, ms: number, direction: ThreadTouch['direction']) => ({
  firmId: 'firm-1',
  clientId,
  id,
  createdAt: at(ms),
  direction,
});

/** Rows of the upsert's VALUES, five values each. */
function rowsOf(statement: { values: unknown[] }): unknown[][] {
  const rows: unknown[][] = [];
  for (let i = 0; i < statement.values.length; i += 5) rows.push(statement.values.slice(i, i + 5));
  return rows;
}

describe('threadUpsert', () => {
  it('writes each thread once, in the order first touched', () => {
    const statement = threadUpsert([
      touch('b', 'm1', 1, 'inbound'),
      touch('a', 'm2', 2, 'inbound'),
      touch('b', 'm3', 3, 'inbound'),
    ]);
    expect(rowsOf(statement)).toEqual([
      ['b', 'firm-1', 'm3', at(3), null],
      ['a', 'firm-1', 'm2', at(2), null],
    ]);
    expect(statement.text).toMatch(
      /^insert into "threads" .* values \(\$1, \$2, \$3, \$4, \$5\), \(\$6/s,
    );
    expect(statement.text).toContain('on conflict (client_id) do update');
  });

  it('keeps the latest message, and on a tie the greater id, as the thread page orders them', () => {
    const later = threadUpsert([touch('a', 'm2', 5, 'inbound'), touch('a', 'm1', 4, 'inbound')]);
    expect(rowsOf(later)).toEqual([['a', 'firm-1', 'm2', at(5), null]]);
    const tie = threadUpsert([touch('a', 'm1', 4, 'inbound'), touch('a', 'm2', 4, 'inbound')]);
    expect(rowsOf(tie)).toEqual([['a', 'firm-1', 'm2', at(4), null]]);
    const tieTouchedFirst = threadUpsert([
      touch('a', 'm2', 4, 'inbound'),
      touch('a', 'm1', 4, 'inbound'),
    ]);
    expect(rowsOf(tieTouchedFirst)).toEqual([['a', 'firm-1', 'm2', at(4), null]]);
  });

  it('keeps the latest outbound time, whichever message is last', () => {
    const statement = threadUpsert([
      touch('a', 'm1', 1, 'outbound'),
      touch('a', 'm2', 3, 'outbound'),
      touch('a', 'm3', 2, 'outbound'),
      touch('a', 'm4', 4, 'inbound'),
    ]);
    expect(rowsOf(statement)).toEqual([['a', 'firm-1', 'm4', at(4), at(3)]]);
  });
});
