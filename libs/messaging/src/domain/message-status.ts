/**
 * Outbound statuses move forward only, by rank. Terminal statuses never go back, and a late
 * `sent` never overwrites `delivered`. `read` outranks `delivered`; failures outrank everything
 * but `read`'s proof of delivery.
 */
export const OUTBOUND_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];
export type MessageStatus = OutboundStatus | 'received';

const RANK: Record<MessageStatus, number> = {
  queued: 10,
  sending: 20,
  sent: 30,
  undelivered: 40,
  failed: 40,
  delivered: 50,
  read: 60,
  received: 100,
};

export function statusRank(status: MessageStatus): number {
  return RANK[status];
}

export function isTerminal(status: MessageStatus): boolean {
  return (
    status === 'delivered' ||
    status === 'read' ||
    status === 'undelivered' ||
    status === 'failed' ||
    status === 'received'
  );
}

/** Twilio's callback statuses onto ours; null for statuses that carry no news for us. */
export function fromCarrierStatus(status: string): OutboundStatus | null {
  switch (status.toLowerCase()) {
    case 'accepted':
    case 'scheduled':
    case 'queued':
      return 'queued';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'delivered':
    case 'partially_delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    default:
      return null;
  }
}

/** Whether `next` may replace `current`. */
export function canAdvance(current: MessageStatus, next: MessageStatus): boolean {
  if (current === 'received' || next === 'received') return false;
  if (current === 'read') return false;
  // A delivery receipt after a failure report is the carrier correcting itself; a failure after
  // delivery is not believable, so delivered stays.
  return statusRank(next) > statusRank(current);
}
