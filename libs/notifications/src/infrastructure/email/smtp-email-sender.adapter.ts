import type { OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import {
  EmailRejectedError,
  EmailSender,
  OutgoingEmail,
} from '../../application/ports/email-sender.port';

const TIMEOUT_MS = 10_000;

interface SmtpError {
  code?: string;
  responseCode?: number;
}

/**
 * Email over SMTP with nodemailer: one pooled transport for the process, bounded timeouts so a
 * hung server fails an attempt instead of holding a worker, and `verify()` for the health check.
 */
export class SmtpEmailSender implements EmailSender, OnModuleDestroy {
  readonly transport = 'smtp' as const;
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transporter = createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 3,
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
      // The process logs each alert itself, with the recipient masked.
      logger: false,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    try {
      await this.transporter.sendMail({ from: this.from, ...email });
    } catch (error) {
      const { code, responseCode } = error as SmtpError;
      // A 5xx to the envelope means this recipient will never be accepted; anything else
      // (connection, timeout, 4xx, authentication) may pass on a later attempt.
      if (code === 'EENVELOPE' && responseCode !== undefined && responseCode >= 500) {
        throw new EmailRejectedError(error instanceof Error ? error.message : String(error));
      }
      throw error;
    }
  }

  async verify(): Promise<void> {
    await this.transporter.verify();
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
