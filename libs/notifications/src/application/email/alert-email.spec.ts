import { renderAlertEmail } from './alert-email';
import { maskEmail, maskEmailsIn } from './mask-email';

describe('alert email', () => {
  const content = {
    recipientEmail: 'olive@firm.test',
    recipientName: 'Olive Owner',
    subject: 'New text from <Ana> & Co',
    summary: '<Ana> & Co sent a text message. Open the conversation to read and reply.',
    link: '/inbox/c1',
  };

  it('has a plain-text and an HTML part with the link under the public base URL', () => {
    const email = renderAlertEmail(content, 'https://sms.example.test');
    expect(email.to).toBe('olive@firm.test');
    expect(email.subject).toBe('New text from <Ana> & Co');
    expect(email.text).toContain('Hi Olive,');
    expect(email.text).toContain('https://sms.example.test/inbox/c1');
    expect(email.html).toContain('href="https://sms.example.test/inbox/c1"');
  });

  it('escapes names in the HTML part', () => {
    const email = renderAlertEmail(content, 'https://sms.example.test');
    expect(email.html).toContain('&lt;Ana&gt; &amp; Co sent a text message.');
    expect(email.html).not.toContain('<Ana>');
  });
});

describe('masking email addresses', () => {
  it('keeps the first letter and the domain', () => {
    expect(maskEmail('olive.owner@firm.test')).toBe('o***@firm.test');
    expect(maskEmailsIn('550 5.1.1 <olive@firm.test>: Recipient address rejected')).toBe(
      '550 5.1.1 <o***@firm.test>: Recipient address rejected',
    );
  });
});
