import type { OutgoingEmail } from '../ports/email-sender.port';

export interface AlertEmailContent {
  recipientEmail: string;
  recipientName: string;
  subject: string;
  summary: string;
  /** A path of the web app; the email links to it under the public base URL. */
  link: string;
}

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || 'there';
}

const PRIVACY =
  'For your clients’ privacy the message itself is not in this email: read it in Assure Pro.';
const WHY =
  'You receive these alerts because email alerts are on in your notification preferences.';

/**
 * The email of one alert, as plain text and HTML. It names the client and links to the thread
 * but never carries the SMS text, which stays in the app.
 */
export function renderAlertEmail(content: AlertEmailContent, publicBaseUrl: string): OutgoingEmail {
  const url = `${publicBaseUrl}${content.link}`;
  const greeting = `Hi ${firstName(content.recipientName)},`;
  const text = [
    greeting,
    '',
    content.summary,
    '',
    `Open in Assure Pro: ${url}`,
    '',
    PRIVACY,
    '',
    WHY,
  ]
    .join('\n')
    .concat('\n');
  const html = [
    '<!doctype html>',
    '<html><body style="font-family: sans-serif; line-height: 1.5; color: #1f2933">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p>${escapeHtml(content.summary)}</p>`,
    `<p><a href="${escapeHtml(url)}">Open in Assure Pro</a></p>`,
    `<p style="color: #52606d; font-size: 13px">${escapeHtml(PRIVACY)}<br>${escapeHtml(WHY)}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: content.recipientEmail, subject: content.subject, text, html };
}
