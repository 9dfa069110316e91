import { Injectable, Logger } from '@nestjs/common';
import type { EmailSender, OutgoingEmail } from '../../application/ports/email-sender.port';
import { maskEmail } from '../../application/email/mask-email';

/** Without SMTP_URL, email alerts go to the log: who (masked) and the subject, never the body. */
@Injectable()
export class LogEmailSender implements EmailSender {
  readonly transport = 'log' as const;
  private readonly logger = new Logger('Email');

  send(email: OutgoingEmail): Promise<void> {
    this.logger.log({
      msg: 'email alert (SMTP_URL is not set)',
      to: maskEmail(email.to),
      subject: email.subject,
    });
    return Promise.resolve();
  }

  verify(): Promise<void> {
    return Promise.resolve();
  }
}
