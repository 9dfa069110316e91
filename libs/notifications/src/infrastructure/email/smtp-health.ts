import { Inject, Injectable } from '@nestjs/common';
import { EMAIL_SENDER, EmailSender } from '../../application/ports/email-sender.port';

export type SmtpStatus = 'ok' | 'unavailable' | 'disabled';

const CHECK_TIMEOUT_MS = 3_000;
const CACHE_MS = 30_000;

/**
 * Whether email alerts can leave, for /health/ready. A warning, not a failure: alerts wait in
 * the queue while SMTP is down. Checked at most every 30 s and never for more than 3 s, so a
 * readiness probe neither opens an SMTP session each time nor hangs on a dead server.
 */
@Injectable()
export class SmtpHealth {
  private last: { status: SmtpStatus; at: number } | null = null;
  private inFlight: Promise<SmtpStatus> | null = null;

  constructor(@Inject(EMAIL_SENDER) private readonly sender: EmailSender) {}

  async status(): Promise<SmtpStatus> {
    if (this.sender.transport === 'log') return 'disabled';
    if (this.last && Date.now() - this.last.at < CACHE_MS) return this.last.status;
    this.inFlight ??= this.check().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async check(): Promise<SmtpStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), CHECK_TIMEOUT_MS);
      timer.unref();
    });
    let status: SmtpStatus;
    try {
      await Promise.race([this.sender.verify(), timeout]);
      status = 'ok';
    } catch {
      status = 'unavailable';
    } finally {
      clearTimeout(timer);
    }
    this.last = { status, at: Date.now() };
    return status;
  }
}
