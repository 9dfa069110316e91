import { Command } from '@nestjs/cqrs';

/** A delivery report from the carrier (its status callback, or the sandbox carrier's imitation). */
export interface DeliveryReport {
  carrierMessageId: string;
  /** Our id when the report carries it (the callback URL's `m`); finds reports that beat the worker. */
  messageId: string | null;
  /** The carrier's own status word, e.g. `delivered`. */
  carrierStatus: string;
  errorCode: string | null;
}

export type DeliveryReportOutcome = 'applied' | 'ignored';

/** Moves a message forward by rank; repeats, stale and unknown reports change nothing. */
export class ApplyDeliveryStatusCommand extends Command<DeliveryReportOutcome> {
  constructor(readonly report: DeliveryReport) {
    super();
  }
}
