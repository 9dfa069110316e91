import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '@app/kernel';
import { AppConfig, JobContext } from '@app/platform';
import {
  AlertEmailStore,
  StoredAlertEmail,
} from '../../infrastructure/persistence/alert-email.store';
import type { AlertEmailJob } from '../alert-dispatcher';
import { EMAIL_SENDER, EmailRejectedError, EmailSender } from '../ports/email-sender.port';
import { renderAlertEmail } from './alert-email';
import { maskEmail, maskEmailsIn } from './mask-email';

/**
 * Sends the email alerts a job carries: those of one transaction, so a group of texts received
 * together sends its emails in one job. Each row's `sent_at` makes it exactly-once across
 * retries: a row already sent is skipped, and it is marked right after the server accepts the
 * message, so a retry after a partial failure sends only what is missing. A crash between that
 * acceptance and the mark would send that one again; SMTP offers no way to ask a server whether
 * it already has a message, so that narrow window is accepted.
 */
@Injectable()
export class SendAlertEmailJob {
  private readonly logger = new Logger('AlertEmail');

  constructor(
    private readonly emails: AlertEmailStore,
    @Inject(EMAIL_SENDER) private readonly sender: EmailSender,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async run({ emailIds }: AlertEmailJob, job: JobContext): Promise<void> {
    for (const id of emailIds) {
      const email = await this.emails.find(id);
      if (!email || email.sentAt || email.failedAt) continue;
      try {
        await this.sendOne(email);
      } catch (error) {
        // The server is most likely down for everyone: stop here, and let the retry send this
        // one and the rest, skipping whatever was already sent.
        this.logFailure(email, error, job);
        throw error;
      }
    }
  }

  private async sendOne(email: StoredAlertEmail): Promise<void> {
    try {
      await this.sender.send(renderAlertEmail(email, this.config.publicBaseUrl));
    } catch (error) {
      if (!(error instanceof EmailRejectedError)) throw error;
      const reason = maskEmailsIn(error.message);
      this.logger.warn({
        msg: 'email alert refused for good',
        to: maskEmail(email.recipientEmail),
        reason,
      });
      await this.emails.markFailed(email.id, this.clock.now(), reason);
      return;
    }
    await this.emails.markSent(email.id, this.clock.now());
  }

  private logFailure(email: StoredAlertEmail, error: unknown, job: JobContext): void {
    const final = job.retryCount >= job.retryLimit;
    this.logger[final ? 'error' : 'warn']({
      msg: final ? 'email alert given up' : 'email alert failed; will retry',
      to: maskEmail(email.recipientEmail),
      attempt: job.retryCount + 1,
      reason: maskEmailsIn(error instanceof Error ? error.message : String(error)),
    });
  }
}
