import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock } from '@app/kernel';
import { IntegrationEventBus, LiveEvents, sqlTransaction, twilioErrorReason } from '@app/platform';
import { MessageDeliveryFailed, MessageStatusChanged } from '../../contracts/messaging.contracts';
import { fromCarrierStatus } from '../../domain/message-status';
import { OutboundMessageRepository } from '../../infrastructure/persistence/outbound-message.repository';
import { ApplyDeliveryStatusCommand, DeliveryReportOutcome } from './apply-delivery-status.command';

const UNDELIVERED_WITHOUT_CODE = 'The carrier could not deliver the message.';

/**
 * The one status pipeline, shared by the Twilio webhook and the sandbox carrier. The change is a
 * single conditional UPDATE (forward by rank only), so a late `sent` never overwrites
 * `delivered`, and events go out only when a row actually moved.
 */
@CommandHandler(ApplyDeliveryStatusCommand)
export class ApplyDeliveryStatusHandler implements ICommandHandler<
  ApplyDeliveryStatusCommand,
  DeliveryReportOutcome
> {
  private readonly logger = new Logger('DeliveryStatus');

  constructor(
    private readonly em: EntityManager,
    private readonly messages: OutboundMessageRepository,
    private readonly events: IntegrationEventBus,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async execute({ report }: ApplyDeliveryStatusCommand): Promise<DeliveryReportOutcome> {
    const status = fromCarrierStatus(report.carrierStatus);
    if (!status) return 'ignored';
    const failed = status === 'failed' || status === 'undelivered';
    const errorCode = failed ? report.errorCode : null;
    const errorReason = failed
      ? errorCode
        ? twilioErrorReason(errorCode)
        : UNDELIVERED_WITHOUT_CODE
      : null;
    const now = this.clock.now();

    const changed = await sqlTransaction(this.em, async (tx) => {
      const row = await this.messages.applyCarrierStatus(tx, {
        carrierMessageId: report.carrierMessageId,
        messageId: report.messageId,
        status,
        errorCode,
        errorReason,
        at: now,
      });
      if (!row) return null;
      const at = now.toISOString();
      if (failed) {
        await this.events.publish(
          tx,
          new MessageDeliveryFailed(
            row.firmId,
            row.id,
            row.clientId,
            row.sentBy,
            status,
            errorCode,
            errorReason ?? UNDELIVERED_WITHOUT_CODE,
            at,
          ),
        );
      }
      await this.events.publish(
        tx,
        new MessageStatusChanged(row.firmId, row.id, row.clientId, row.sentBy, row.status, at),
      );
      return row;
    });

    if (!changed) return 'ignored';
    this.logger.log({ msg: 'delivery status applied', messageId: changed.id, status });
    this.live.publish({
      firmId: changed.firmId,
      memberId: null,
      type: 'message.status_changed',
      data: { messageId: changed.id, clientId: changed.clientId, status: changed.status },
    });
    return 'applied';
  }
}
