import { escapeLiteral } from 'pg';
import { prepareValue } from 'pg/lib/utils';
import { seededRandom, shuffle } from '../../../../test/faults/support/timing';
import { inlineParameters, quoteLiteral } from './unit-of-work';

describe('inlineParameters (deferred writes)', () => {
  it('quotes every value as node-postgres would send it, so no value reads as SQL', () => {
    const sql = inlineParameters(
      'insert into t (a, b, c, d, e, f) values ($1, $2, $3::jsonb, $4, $5, $6)',
      [
        "O'Brien'); drop table t; --",
        null,
        { note: "it's \\ fine" },
        new Date('2026-11-29T10:00:00.000Z'),
        42,
        true,
      ],
    );
    expect(sql).toBe(
      'insert into t (a, b, c, d, e, f) values (' +
        "'O''Brien''); drop table t; --', NULL, " +
        ` E'{"note":"it''s \\\\\\\\ fine"}'::jsonb, ` +
        "'2026-11-29T10:00:00.000+00:00', '42', 'true')",
    );
  });

  it('replaces $10 as itself, not as $1 followed by 0', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(inlineParameters('select $1, $10', values)).toBe("select 'v1', 'v10'");
  });

  it('refuses a placeholder without a value', () => {
    expect(() => inlineParameters('select $2', ['only one'])).toThrow(/\$2/);
  });

  it('leaves a $ that no digit follows as it is, and refuses $0', () => {
    expect(inlineParameters("select '$' || $1 || '$$x$'", ['a'])).toBe(
      "select '$' || 'a' || '$$x$'",
    );
    expect(() => inlineParameters('select $0', ['a'])).toThrow(/\$0/);
  });

  it('answers what binding each value through node-postgres and quoting it answers', () => {
    // The reference: every placeholder replaced with `prepareValue`'s text, quoted by pg.
    const reference = (text: string, values: unknown[]) =>
      text.replace(/\$(\d+)/g, (_, digits: string) => {
        const prepared = prepareValue(values[Number(digits) - 1]) as unknown;
        return prepared === null ? 'NULL' : escapeLiteral(String(prepared));
      });
    const pool: unknown[] = [
      'plain',
      "it's",
      'back\\slash',
      '',
      0,
      -1.5,
      12345678901234,
      true,
      false,
      null,
      undefined,
      new Date('2026-11-29T10:00:00.123Z'),
      ['a', "b'c", null],
      { note: "it's \\ fine", n: [1, 2] },
      10n,
    ];
    // A fixed seed, so a failure replays.
    const random = seededRandom(20261206);
    for (let i = 0; i < 300; i++) {
      const count = 1 + Math.floor(random() * 12);
      const values = Array.from({ length: count }, () => pool[Math.floor(random() * pool.length)]);
      const order = shuffle(
        values.map((_, k) => `$${k + 1}`),
        random,
      );
      const text = `insert into t values (${order.join(', ')}) -- $ and $$`;
      expect(inlineParameters(text, values)).toBe(reference(text, values));
    }
  });

  it('writes arrays as PostgreSQL array literals', () => {
    expect(inlineParameters('select $1::uuid[]', [['a', 'b']])).toBe(`select '{"a","b"}'::uuid[]`);
  });
});

describe('quoteLiteral', () => {
  it('answers what node-postgres escapeLiteral answers', () => {
    const alphabet = ["'", '\\', 'a', ' ', '"', '\n', '€', '😀', ';', '-', 'E'];
    const samples = ['', "it's", 'C:\\temp', "\\'", "''\\\\", '{"a":"b\\"c"}'];
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(Math.random() * 12);
      samples.push(
        Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join(
          '',
        ),
      );
    }
    for (const text of samples) expect(quoteLiteral(text)).toBe(escapeLiteral(text));
  });
});
