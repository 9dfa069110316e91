import type { Message } from '../api/types';
import { Icon, IconName } from '../components/icon';

/** Plain-English reasons for the carrier error codes firms actually meet. */
const CARRIER_REASONS: Record<string, string> = {
  '30001': 'The carrier’s queue was full. Try again in a few minutes.',
  '30002': 'The account was suspended by the carrier.',
  '30003': 'The phone is switched off or out of coverage.',
  '30004': 'The client’s phone or carrier blocked the text.',
  '30005': 'The number doesn’t exist or is no longer in service.',
  '30006': 'That number is a landline or can’t receive texts.',
  '30007': 'The carrier filtered the text as possible spam.',
  '30008': 'The carrier couldn’t deliver it, without saying why.',
  '21211': 'The phone number isn’t valid.',
  '21610': 'The client has opted out of texts from this number.',
  '21614': 'That number can’t receive texts.',
};

export function failureReason(message: Message): string {
  if (message.errorReason) return message.errorReason;
  if (message.errorCode && CARRIER_REASONS[message.errorCode])
    return CARRIER_REASONS[message.errorCode];
  return message.errorCode
    ? `The carrier couldn’t deliver it (error ${message.errorCode}).`
    : 'The carrier couldn’t deliver it.';
}

const STATUS: Record<string, { label: string; icon: IconName; tone: string }> = {
  queued: { label: 'Queued', icon: 'clock', tone: 'muted' },
  sending: { label: 'Sending', icon: 'clock', tone: 'muted' },
  sent: { label: 'Sent', icon: 'check', tone: 'muted' },
  delivered: { label: 'Delivered', icon: 'check-check', tone: 'ok' },
  read: { label: 'Read', icon: 'check-check', tone: 'accent' },
  undelivered: { label: 'Not delivered', icon: 'alert', tone: 'danger' },
  failed: { label: 'Failed', icon: 'alert', tone: 'danger' },
};

export function isFailed(message: Message): boolean {
  return message.status === 'failed' || message.status === 'undelivered';
}

export function MessageStatus({ message }: { message: Message }) {
  const status = STATUS[message.status];
  if (!status) return null;
  return (
    <span className={`msg-status msg-status--${status.tone}`} data-status={message.status}>
      <Icon name={status.icon} size={13} />
      {status.label}
    </span>
  );
}
