import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One email as the SMTP server received it, decoded enough for assertions. */
export interface ReceivedEmail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

/**
 * A real SMTP server on a loopback port that keeps what it is sent. It can be stopped and
 * started again on the same port, as an SMTP outage looks from the application.
 */
export class SmtpInbox {
  readonly received: ReceivedEmail[] = [];
  /** Messages answered with 421 while `refusing`: a server that is up but not taking mail. */
  readonly refused: ReceivedEmail[] = [];
  refusing = false;
  /** Recipients the server answers 550 at RCPT TO (any address containing one of these). */
  readonly unknownRecipients = new Set<string>();
  private server: SMTPServer | null = null;
  private port = 0;

  static async start(): Promise<SmtpInbox> {
    const inbox = new SmtpInbox();
    await inbox.listen();
    return inbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Emails addressed to anyone whose address contains `tag` (tests share one inbox). */
  to(tag: string, from: ReceivedEmail[] = this.received): ReceivedEmail[] {
    return from.filter((m) => m.to.some((address) => address.includes(tag)));
  }

  async listen(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      closeTimeout: 100,
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const unknown = [...this.unknownRecipients].some((tag) => address.address.includes(tag));
        if (!unknown) return callback();
        callback(
          Object.assign(new Error(`<${address.address}>: no such user here`), {
            responseCode: 550,
          }),
        );
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = session.envelope;
          const email = {
            ...parseMessage(raw),
            to: envelope.rcptTo.map((r) => r.address),
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            raw,
          };
          if (this.refusing) {
            this.refused.push(email);
            const error = Object.assign(new Error('Service not available, try again later'), {
              responseCode: 421,
            });
            callback(error);
            return;
          }
          this.received.push(email);
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function headerOf(head: string, name: string): string {
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded);
  return match ? match[1].trim() : '';
}

function decodeWords(value: string): string {
  return value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`)
    .replace(/[^%\w.~-]/g, (c) => encodeURIComponent(c));
  return decodeURIComponent(bytes);
}

function decodeBody(head: string, body: string): string {
  const encoding = headerOf(head, 'Content-Transfer-Encoding').toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function split(part: string): { head: string; body: string } {
  const at = part.search(/\r?\n\r?\n/);
  if (at < 0) return { head: part, body: '' };
  const gap = part.slice(at).match(/^\r?\n\r?\n/)![0].length;
  return { head: part.slice(0, at), body: part.slice(at + gap) };
}

/** The subject and the text and HTML parts of a (possibly multipart/alternative) message. */
function parseMessage(raw: string): { subject: string; text: string; html: string } {
  const { head, body } = split(raw);
  const subject = decodeWords(headerOf(head, 'Subject'));
  const type = headerOf(head, 'Content-Type');
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary
    ? body
        .split(`--${boundary}`)
        .slice(1)
        .filter((p) => !p.startsWith('--'))
        .map((p) => split(p.replace(/^\r?\n/, '')))
    : [{ head, body }];
  let text = '';
  let html = '';
  for (const part of parts) {
    const partType = headerOf(part.head, 'Content-Type').toLowerCase();
    const decoded = decodeBody(part.head, part.body);
    if (partType.startsWith('text/html')) html = decoded;
    else if (partType.startsWith('text/plain') || !partType) text = decoded;
  }
  return { subject, text, html };
}
