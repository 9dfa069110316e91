import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { ApplyDeliveryStatusCommand } from '../../application/outbound/apply-delivery-status.command';
import type {
  CarrierAcceptance,
  OutboundSms,
  SmsCarrier,
} from '../../application/ports/sms-carrier.port';

/** When the simulated handset "receives" the text, after the carrier accepted it. */
const REPORTS: Array<{ afterMs: number; status: string }> = [
  { afterMs: 300, status: 'sent' },
  { afterMs: 1200, status: 'delivered' },
];

/**
 * A local simulated carrier for trying the product without Twilio: it accepts every text and
 * then reports `sent` and `delivered` through the same status pipeline as Twilio's callbacks,
 * so everything downstream behaves as in production.
 */
@Injectable()
export class SandboxSmsCarrier implements SmsCarrier, OnApplicationShutdown {
  private readonly logger = new Logger('SandboxCarrier');
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly commands: CommandBus) {}

  /** The simulation lives in this process: a send it lost died with it, so none is found. */
  async findAccepted(): Promise<CarrierAcceptance[]> {
    return [];
  }

  async send(sms: OutboundSms): Promise<CarrierAcceptance> {
    const carrierMessageId = `SM${randomBytes(16).toString('hex')}`;
    for (const { afterMs, status } of REPORTS) {
      this.later(afterMs, () =>
        this.commands.execute(
          new ApplyDeliveryStatusCommand({
            carrierMessageId,
            messageId: sms.messageId,
            carrierStatus: status,
            errorCode: null,
          }),
        ),
      );
    }
    return { carrierMessageId, status: 'queued', segments: null };
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, report: () => Promise<unknown>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      report().catch((error: unknown) =>
        this.logger.error({
          msg: 'sandbox status report failed',
          error: error instanceof Error ? error.message : String(error),
        }),
      );
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }
}
