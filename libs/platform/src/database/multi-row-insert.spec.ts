import { multiRowInsert } from './multi-row-insert';

describe('multiRowInsert', () => {
  it('numbers every value of every row in order', () => {
    expect(
      multiRowInsert(
        'notes',
        ['id', 'body'],
        [
          ['a', "it's"],
          ['b', null],
        ],
      ),
    ).toEqual({
      text: 'insert into "notes" ("id", "body") values ($1, $2), ($3, $4)',
      values: ['a', "it's", 'b', null],
    });
  });

  it('refuses no rows and a row that does not fit the columns', () => {
    expect(() => multiRowInsert('notes', ['id'], [])).toThrow(/at least one row/);
    expect(() => multiRowInsert('notes', ['id', 'body'], [['a']])).toThrow(/1 values for 2/);
  });
});
