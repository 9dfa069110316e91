import { Writable } from 'node:stream';
import { createRootLogger, maskDeep } from './logger';

describe('log masking', () => {
  it('keeps only the last four digits of phone numbers and redacts secrets', () => {
    const masked = maskDeep({
      msg: 'inbound from +15035550142',
      to: '(971) 555-0124',
      nested: { list: ['call 503-555-0199 please'] },
      authorization: 'Bearer abc',
      password: 'hunter2',
      body: 'the SMS text',
      count: 42,
    });
    expect(masked).toEqual({
      msg: 'inbound from ***0142',
      to: '***0124',
      nested: { list: ['call ***0199 please'] },
      authorization: '[redacted]',
      password: '[redacted]',
      body: '[redacted]',
      count: 42,
    });
  });

  it('masks through the real logger, messages included', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const child = createRootLogger('info', stream);
    child.info({ from: '+15035550142' }, 'text from +15035550142');
    child.info('plain %s', 'from (503) 555-0142');
    expect(lines.join('')).not.toContain('5035550142');
    expect(lines.join('')).toContain('***0142');
    expect(lines.join('')).not.toContain('555-0142');
  });
});
