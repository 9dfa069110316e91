import { Logger } from '@nestjs/common';
import { AppConfig } from '@app/platform';
import type { Clock } from '@app/kernel';
import { SendAlertEmailJob } from './send-alert-email.job';
import { EmailRejectedError, EmailSender, OutgoingEmail } from '../ports/email-sender.port';
import type { AlertEmailStore } from '../../infrastructure/persistence/alert-email.store';
import type { AlertEmailEntity } from '../../infrastructure/persistence/alert-email.entity';

class FakeSender implements EmailSender {
  readonly transport = 'smtp' as const;
  readonly sent: OutgoingEmail[] = [];
  failFor = new Map<string, Error>();
  send(email: OutgoingEmail): Promise<void> {
    const failure = this.failFor.get(email.to);
    if (failure) return Promise.reject(failure);
    this.sent.push(email);
    return Promise.resolve();
  }
  verify(): Promise<void> {
    return Promise.resolve();
  }
}

function row(id: string, to: string): AlertEmailEntity {
  return Object.assign(new (class {})() as AlertEmailEntity, {
    id,
    recipientEmail: to,
    recipientName: 'Olive Owner',
    subject: 'New text from Ana Ortiz',
    summary: 'Ana Ortiz sent a text message.',
    link: '/inbox/c1',
    sentAt: null,
    failedAt: null,
    failure: null,
  });
}

function fixture() {
  const rows = new Map([
    ['e1', row('e1', 'one@firm.test')],
    ['e2', row('e2', 'two@firm.test')],
  ]);
  const store = {
    find: (id: string) => Promise.resolve(rows.get(id) ?? null),
    markSent: (id: string, at: Date) => {
      rows.get(id)!.sentAt = at;
      return Promise.resolve();
    },
    markFailed: (id: string, at: Date, failure: string) => {
      Object.assign(rows.get(id)!, { failedAt: at, failure });
      return Promise.resolve();
    },
  } as unknown as AlertEmailStore;
  const sender = new FakeSender();
  const config = AppConfig.create({ publicBaseUrl: 'https://sms.test' } as AppConfig);
  const clock = { now: () => new Date('2026-11-28T12:00:00Z') } as Clock;
  return { rows, sender, job: new SendAlertEmailJob(store, sender, config, clock) };
}

const attempt = (retryCount: number) => ({ id: 'j', retryCount, retryLimit: 10 });

describe('sending the email alerts of an event', () => {
  beforeAll(() => Logger.overrideLogger(false));
  it('sends each once: a retry after a partial failure sends only what is missing', async () => {
    const { sender, job } = fixture();
    sender.failFor.set('two@firm.test', new Error('421 try again later'));
    await expect(job.run({ emailIds: ['e1', 'e2'] }, attempt(0))).rejects.toThrow('421');
    expect(sender.sent.map((m) => m.to)).toEqual(['one@firm.test']);

    sender.failFor.clear();
    await job.run({ emailIds: ['e1', 'e2'] }, attempt(1));
    await job.run({ emailIds: ['e1', 'e2'] }, attempt(2));
    expect(sender.sent.map((m) => m.to)).toEqual(['one@firm.test', 'two@firm.test']);
  });

  it('gives up on a recipient the server refuses for good, without failing the job', async () => {
    const { rows, sender, job } = fixture();
    sender.failFor.set('two@firm.test', new EmailRejectedError('550 <two@firm.test> unknown'));
    await job.run({ emailIds: ['e1', 'e2'] }, attempt(0));
    expect(rows.get('e2')).toMatchObject({ failure: '550 <t***@firm.test> unknown' });
    await job.run({ emailIds: ['e2'] }, attempt(1));
    expect(sender.sent.map((m) => m.to)).toEqual(['one@firm.test']);
  });
});
