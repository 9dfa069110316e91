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

/**
 * Each worker process runs this many fetch loops of this many jobs, so up to 100 sends wait on
 * the carrier at once: at ~20 ms per send that is thousands a second, far above what the
 * carrier lets each number send (about one segment a second).
 */
export const SMS_DISPATCH_BATCH_SIZE = 25;
export const SMS_DISPATCH_LOOPS = 4;
