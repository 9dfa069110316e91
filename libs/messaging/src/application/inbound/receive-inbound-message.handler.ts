import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { Clock, PhoneNumber, maskPhone, newId } from '@app/kernel';
import { IntegrationEventBus, LiveEvents } from '@app/platform';
import { FindFirmByNumberQuery } from '@app/numbers';
import { ApplyInboundComplianceCommand } from '@app/compliance';
import { InboundMessageReceived } from '../../contracts/messaging.contracts';
import { statusRank } from '../../domain/message-status';
import { analyzeSegments } from '../../domain/segments';
import { MessageEntity } from '../../infrastructure/persistence/message.entity';
import { touchThread } from '../thread-updater';
import { InboundClientMatcher } from './inbound-client-matcher';
import { InboundMessageStore } from './inbound-message.store';
import { toMessageView } from './message-view';
import {
  CarrierInboundSms,
  InboundReceipt,
  ReceiveInboundMessageCommand,
} from './receive-inbound-message.command';

/** Columns are 20 wide: E.164 fits; a short code or sender id the carrier passes through is cut. */
function normaliseNumber(raw: string): { e164: string | null; stored: string } {
  const e164 = PhoneNumber.parse(raw)?.e164 ?? null;
  return { e164, stored: (e164 ?? raw.trim()).slice(0, 20) };
}

/**
 * Stores a client's text once per carrier id, matches it to a client (or Unmatched), applies its
 * compliance effect and tells the other contexts, all in one transaction: a crash leaves either
 * everything or nothing, and the carrier's retry then finds nothing or a repeat.
 */
@CommandHandler(ReceiveInboundMessageCommand)
export class ReceiveInboundMessageHandler implements ICommandHandler<
  ReceiveInboundMessageCommand,
  InboundReceipt
> {
  private readonly logger = new Logger('InboundSms');

  constructor(
    private readonly em: EntityManager,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly matcher: InboundClientMatcher,
    private readonly store: InboundMessageStore,
    private readonly events: IntegrationEventBus,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async execute({ sms }: ReceiveInboundMessageCommand): Promise<InboundReceipt> {
    const receipt = await this.em.fork().transactional((tx) => this.receive(tx, sms));
    if (receipt.outcome === 'unknown_number') {
      this.logger.warn({ msg: 'inbound text for a number no firm holds', to: maskPhone(sms.to) });
    } else if (receipt.outcome === 'stored') {
      const { message } = receipt;
      this.live.publish({
        firmId: message.firmId,
        memberId: null,
        type: 'message.received',
        data: { messageId: message.id, clientId: message.clientId },
      });
    }
    return receipt.outcome === 'stored'
      ? { outcome: 'stored', message: toMessageView(receipt.message), reply: receipt.reply }
      : receipt;
  }

  private async receive(
    tx: EntityManager,
    sms: CarrierInboundSms,
  ): Promise<
    | { outcome: 'stored'; message: MessageEntity; reply: string | null }
    | { outcome: 'repeat' | 'unknown_number'; message: null; reply: null }
  > {
    const to = normaliseNumber(sms.to);
    const number = await this.queries.execute(new FindFirmByNumberQuery(to.stored, tx));
    if (!number) return { outcome: 'unknown_number', message: null, reply: null };

    const from = normaliseNumber(sms.from);
    const match = await this.matcher.match(tx, number.firmId, from.e164);
    const message = this.newMessage(sms, number.firmId, from.stored, to.stored, match);
    message.receivedWhilePaused = number.inboundPaused;
    if (!(await this.store.insertOnce(tx, message))) {
      return { outcome: 'repeat', message: null, reply: null };
    }

    const compliance = await this.commands.execute(
      new ApplyInboundComplianceCommand(
        tx,
        number.firmId,
        from.stored,
        sms.body,
        sms.optOutType,
        message.id,
      ),
    );
    if (compliance.keyword || compliance.possibleOptOut) {
      message.keyword = compliance.keyword;
      message.possibleOptOut = compliance.possibleOptOut;
      await this.store.recordCompliance(tx, message);
    }
    if (message.clientId) {
      touchThread(tx, {
        firmId: message.firmId,
        clientId: message.clientId,
        id: message.id,
        createdAt: message.createdAt,
        direction: 'inbound',
      });
    }
    await this.events.publish(
      tx,
      new InboundMessageReceived(
        message.firmId,
        message.id,
        message.clientId,
        match.clientName,
        message.fromNumber,
        message.toNumber,
        message.segments,
        message.keyword,
        message.possibleOptOut,
        message.receivedWhilePaused,
        message.createdAt.toISOString(),
      ),
    );
    return { outcome: 'stored', message, reply: compliance.reply };
  }

  private newMessage(
    sms: CarrierInboundSms,
    firmId: string,
    from: string,
    to: string,
    match: { clientId: string | null; candidates: string[] | null },
  ): MessageEntity {
    const counted = analyzeSegments(sms.body);
    const now = this.clock.now();
    const message = new MessageEntity();
    Object.assign(message, {
      id: newId(),
      firmId,
      clientId: match.clientId,
      direction: 'inbound',
      body: sms.body,
      fromNumber: from,
      toNumber: to,
      peerNumber: from,
      status: 'received',
      statusRank: statusRank('received'),
      segments: sms.numSegments && sms.numSegments > 0 ? sms.numSegments : counted.segments,
      encoding: counted.encoding,
      carrierMessageId: sms.messageSid,
      carrierAccepted: true,
      matchCandidates: match.candidates,
      createdAt: now,
      statusUpdatedAt: now,
    } satisfies Partial<MessageEntity>);
    return message;
  }
}
