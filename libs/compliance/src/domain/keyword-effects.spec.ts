import { keywordReply, kindFromOptOutType } from './keyword-effects';

describe('kindFromOptOutType', () => {
  it.each([
    ['STOP', 'opt_out'],
    ['start', 'opt_in'],
    [' Help ', 'help'],
    ['', null],
    [null, null],
    ['UNKNOWN', null],
  ] as const)('reads %p as %p', (value, kind) => {
    expect(kindFromOptOutType(value)).toBe(kind);
  });
});

describe('keywordReply', () => {
  it('confirms an opt-out with nothing else than how to come back', () => {
    const text = keywordReply('opt_out', 'Hill & Dale CPAs');
    expect(text).toContain('Hill & Dale CPAs');
    expect(text).toMatch(/unsubscribed/);
    expect(text).not.toMatch(/https?:|offer|discount/i);
  });

  it('tells who the firm is and how to opt out on HELP', () => {
    const text = keywordReply('help', 'Hill & Dale CPAs');
    expect(text).toContain('Hill & Dale CPAs');
    expect(text).toMatch(/Reply STOP to opt out/);
  });
});
