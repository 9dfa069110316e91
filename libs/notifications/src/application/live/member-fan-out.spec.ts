import { MemberFanOut, parseLiveNotification } from './member-fan-out';
import type { LiveNotification } from '../notification-view';

const notification = (memberId: string): LiveNotification => ({
  id: 'n1',
  memberId,
  type: 'sms.reply',
  title: 'New text from Ana Ortiz',
  body: 'Ana Ortiz sent a text message.',
  clientId: 'c1',
  messageId: 'm1',
  link: '/inbox/c1',
  createdAt: '2026-11-28T12:00:00.000Z',
  readAt: null,
});

describe('member fan-out', () => {
  it('hands a notification only to its member’s listeners, without the member id', () => {
    const fanOut = new MemberFanOut();
    const mine: unknown[] = [];
    const theirs: unknown[] = [];
    fanOut.add('a', (n) => mine.push(n));
    fanOut.add('b', (n) => theirs.push(n));
    fanOut.deliver(notification('a'));
    expect(theirs).toEqual([]);
    expect(mine).toHaveLength(1);
    expect(mine[0]).not.toHaveProperty('memberId');
  });

  it('forgets a listener once stopped', () => {
    const fanOut = new MemberFanOut();
    const heard: unknown[] = [];
    const stop = fanOut.add('a', (n) => heard.push(n));
    stop();
    fanOut.deliver(notification('a'));
    expect(heard).toEqual([]);
    expect(fanOut.members).toBe(0);
  });

  it('reads only well-formed payloads', () => {
    expect(parseLiveNotification(JSON.stringify(notification('a')))).toMatchObject({ id: 'n1' });
    expect(parseLiveNotification('not json')).toBeNull();
    expect(parseLiveNotification('{"id": 1}')).toBeNull();
  });
});
