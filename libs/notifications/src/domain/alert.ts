import type { NotificationType } from './notification-type';

/**
 * What members are told about one SMS event: the words of the in-app notification and of the
 * email subject, and where in the app it leads. It never carries the text of the SMS: alerts
 * travel through email and logs, which are not the place for client conversations.
 */
export interface Alert {
  type: NotificationType;
  firmId: string;
  messageId: string;
  clientId: string | null;
  title: string;
  body: string;
  /** A path of the web app, e.g. `/inbox/<clientId>`. */
  link: string;
}

const NAME_LIMIT = 100;

/** A name as one safe line: no control characters (a header injection), bounded length. */
export function displayName(name: string | null | undefined, fallback: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = (name ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  const line = clean.replace(/\s+/g, ' ').trim();
  if (!line) return fallback;
  return line.length > NAME_LIMIT ? `${line.slice(0, NAME_LIMIT - 1)}…` : line;
}

/** The last four digits, the most of a phone number an alert shows. */
export function phoneEnding(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : '????';
}

export function threadLink(clientId: string | null): string {
  return clientId ? `/inbox/${clientId}` : '/inbox';
}

export const UNMATCHED_LINK = '/unmatched';

export function replyAlert(input: {
  firmId: string;
  messageId: string;
  clientId: string;
  clientName: string | null;
}): Alert {
  const name = displayName(input.clientName, 'a client');
  return {
    type: 'sms.reply',
    firmId: input.firmId,
    messageId: input.messageId,
    clientId: input.clientId,
    title: `New text from ${name}`,
    body: `${name} sent a text message. Open the conversation to read and reply.`,
    link: threadLink(input.clientId),
  };
}

export function unmatchedAlert(input: { firmId: string; messageId: string; from: string }): Alert {
  return {
    type: 'sms.unmatched',
    firmId: input.firmId,
    messageId: input.messageId,
    clientId: null,
    title: 'New text from an unknown number',
    body:
      `A text from a number ending in ${phoneEnding(input.from)} matches no client. ` +
      'Open Unmatched to assign it to a client.',
    link: UNMATCHED_LINK,
  };
}

export function deliveryFailedAlert(input: {
  firmId: string;
  messageId: string;
  clientId: string | null;
  clientName: string | null;
  status: 'failed' | 'undelivered';
  errorCode: string | null;
}): Alert {
  const name = displayName(input.clientName, 'a client');
  const code = input.errorCode ? ` (error ${displayName(input.errorCode, '').slice(0, 16)})` : '';
  return {
    type: 'sms.delivery_failed',
    firmId: input.firmId,
    messageId: input.messageId,
    clientId: input.clientId,
    title: `Your text to ${name} was not delivered`,
    body: `The carrier reported it ${input.status}${code}. Open the conversation to see it.`,
    link: threadLink(input.clientId),
  };
}
