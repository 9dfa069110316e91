export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where email alerts leave the process: an SMTP server, or the log when none is configured. */
export interface EmailSender {
  readonly transport: 'smtp' | 'log';
  /** Resolves once the server accepted the message; throws when it did not. */
  send(email: OutgoingEmail): Promise<void>;
  /** Throws when the server cannot be reached or refuses the session. */
  verify(): Promise<void>;
}

/** The server refused the recipient for good (a 5xx to RCPT): retrying cannot help. */
export class EmailRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmailRejectedError';
  }
}
