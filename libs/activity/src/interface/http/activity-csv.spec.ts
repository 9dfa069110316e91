import type { ActivityView } from '../../application/activity-view';
import { acceptsCsv, activityCsv } from './activity-csv';
import { csvCell, csvRow } from './csv';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+15035550142', "'+15035550142"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a=b', 'a=b'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes null as an empty cell, numbers and booleans as text, rows ending in CRLF', () => {
    expect(csvRow(['a', null, 3, false])).toBe('a,,3,false\r\n');
  });
});

describe('activity CSV', () => {
  async function* pages(...list: ActivityView[][]): AsyncGenerator<ActivityView[]> {
    for (const page of list) yield page;
  }
  const entry: ActivityView = {
    id: 'e1',
    type: 'sms.message.outbound',
    occurredAt: '2026-11-28T10:00:00.000Z',
    actorId: 'm1',
    clientId: 'c1',
    messageId: null,
    data: { to: '+15035550142', segments: 1 },
  };

  it('writes the header, then one row per entry with data as JSON', async () => {
    const chunks: string[] = [];
    for await (const chunk of activityCsv(pages([entry], [{ ...entry, id: 'e2' }])))
      chunks.push(chunk);
    expect(chunks.join('')).toBe(
      'id,type,occurredAt,actorId,clientId,messageId,data\r\n' +
        'e1,sms.message.outbound,2026-11-28T10:00:00.000Z,m1,c1,,"{""to"":""+15035550142"",""segments"":1}"\r\n' +
        'e2,sms.message.outbound,2026-11-28T10:00:00.000Z,m1,c1,,"{""to"":""+15035550142"",""segments"":1}"\r\n',
    );
  });

  it('is only the header when nothing matches', async () => {
    const chunks: string[] = [];
    for await (const chunk of activityCsv(pages())) chunks.push(chunk);
    expect(chunks).toEqual(['id,type,occurredAt,actorId,clientId,messageId,data\r\n']);
  });
});

describe('Accept negotiation', () => {
  it.each([
    [undefined, false],
    ['application/json', false],
    ['*/*', false],
    ['text/html,application/xhtml+xml,*/*;q=0.8', false],
    ['text/csv', true],
    ['text/csv; charset=utf-8', true],
    ['application/json, text/csv', true],
    ['application/json, text/csv;q=0.5', false],
    ['text/csv;q=0', false],
    ['TEXT/CSV', true],
  ])('Accept %s → CSV %s', (accept, expected) => {
    expect(acceptsCsv(accept)).toBe(expected);
  });
});
