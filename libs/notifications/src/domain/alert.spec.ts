import { deliveryFailedAlert, displayName, replyAlert, unmatchedAlert } from './alert';

describe('alerts', () => {
  const ids = { firmId: 'f1', messageId: 'm1' };

  it('names the client of a reply and links to the thread', () => {
    const alert = replyAlert({ ...ids, clientId: 'c1', clientName: 'Ana Ortiz' });
    expect(alert).toMatchObject({
      type: 'sms.reply',
      clientId: 'c1',
      title: 'New text from Ana Ortiz',
      link: '/inbox/c1',
    });
    expect(alert.body).toContain('Ana Ortiz');
  });

  it('shows no more of an unknown number than its last four digits', () => {
    const alert = unmatchedAlert({ ...ids, from: '+15035550142' });
    expect(alert).toMatchObject({ type: 'sms.unmatched', clientId: null, link: '/unmatched' });
    expect(alert.body).toContain('0142');
    expect(`${alert.title} ${alert.body}`).not.toContain('555');
  });

  it('tells the sender which client a failed text was for', () => {
    const alert = deliveryFailedAlert({
      ...ids,
      clientId: 'c1',
      clientName: 'Ana Ortiz',
      status: 'undelivered',
      errorCode: '30003',
    });
    expect(alert.title).toBe('Your text to Ana Ortiz was not delivered');
    expect(alert.body).toContain('undelivered (error 30003)');
    expect(alert.link).toBe('/inbox/c1');
  });

  it('keeps names to one bounded line without control characters', () => {
    expect(displayName('Ana\r\nBcc: evil@example.com', 'x')).toBe('Ana Bcc: evil@example.com');
    expect(displayName('   ', 'a client')).toBe('a client');
    expect(displayName(null, 'a client')).toBe('a client');
    expect(displayName('x'.repeat(300), 'y')).toHaveLength(100);
  });
});
