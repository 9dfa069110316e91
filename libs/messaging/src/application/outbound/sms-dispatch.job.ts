import type { QueuePolicy } from '@app/platform';

/** The durable job that hands one queued message to the carrier. */
export const SMS_DISPATCH_QUEUE = 'sms.dispatch';

export interface SmsDispatchJob {
  messageId: string;
}

/**
 * Nine attempts over roughly eight minutes (2 s doubling): long enough to ride out a carrier
 * blip, short enough that staff see a failure the same session. A job still running after a
 * minute is taken as lost (a crashed worker) and retried.
 */
export const SMS_DISPATCH_POLICY: QueuePolicy = {
  retryLimit: 8,
  retryDelay: 2,
  retryBackoff: true,
  expireInSeconds: 60,
};

export const SMS_DISPATCH_BATCH_SIZE = 20;
