import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import { BusinessRuleError, Clock, ValidationFailedError, newId } from '@app/kernel';
import { IntegrationEventBus, JobQueue, LiveEvents, sqlTransaction } from '@app/platform';
import { ClaimConsentDisclosureCommand, consentDisclosure } from '@app/compliance';
import { OutboundMessageQueued } from '../../contracts/messaging.contracts';
import { appendDisclosure } from '../../domain/disclosure';
import { statusRank } from '../../domain/message-status';
import { MAX_SMS_BODY_CHARACTERS, analyzeSegments, carrierLength } from '../../domain/segments';
import { MessageEntity, newMessageRow } from '../../infrastructure/persistence/message.entity';
import {
  OutboundMessageRepository,
  isIdempotencyKeyTaken,
} from '../../infrastructure/persistence/outbound-message.repository';
import { touchThread } from '../thread-updater';
import { ThreadMessageView, toThreadMessageView } from '../threads/thread-message-view';
import { OutboundContextLoader } from './outbound-context.loader';
import { assertSendableBody, disclosureTooLongError, requireSendable } from './send-eligibility';
import { SendMessageCommand } from './send-message.command';
import { SMS_DISPATCH_QUEUE, SmsDispatchJob } from './sms-dispatch.job';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * Decides a send and commits it with its dispatch job in one transaction (SQL only: every read
 * and write of a send is a plain statement); the carrier is called later by the dispatch worker,
 * never from the request. The first text to a client claims the
 * one-time consent disclosure on the same transaction, so racing sends append it exactly once.
 */
@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand, ThreadMessageView> {
  constructor(
    private readonly em: EntityManager,
    private readonly commands: CommandBus,
    private readonly context: OutboundContextLoader,
    private readonly messages: OutboundMessageRepository,
    private readonly events: IntegrationEventBus,
    private readonly jobs: JobQueue,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async execute(command: SendMessageCommand): Promise<ThreadMessageView> {
    const { body, idempotencyKey } = command;
    assertSendableBody(body, carrierLength(body), MAX_SMS_BODY_CHARACTERS);
    if (idempotencyKey !== null && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ValidationFailedError([
        {
          field: 'Idempotency-Key',
          message: 'Idempotency-Key must be 1–200 visible ASCII characters',
        },
      ]);
    }
    const requestHash = idempotencyKey === null ? null : fingerprint(command);
    if (idempotencyKey !== null) {
      const replay = await this.replay(command.firmId, idempotencyKey, requestHash);
      if (replay) return replay;
    }

    let message: MessageEntity;
    try {
      message = await sqlTransaction(this.em, (tx) => this.queue(tx, command, requestHash));
    } catch (error) {
      if (!isIdempotencyKeyTaken(error) || idempotencyKey === null) throw error;
      // A concurrent request with the same key committed first: answer its message.
      const replay = await this.replay(command.firmId, idempotencyKey, requestHash);
      if (!replay) throw error;
      return replay;
    }

    this.live.publish({
      firmId: message.firmId,
      memberId: null,
      type: 'message.queued',
      data: { messageId: message.id, clientId: message.clientId },
    });
    return toThreadMessageView(message);
  }

  private async queue(
    tx: EntityManager,
    command: SendMessageCommand,
    requestHash: string | null,
  ): Promise<MessageEntity> {
    const { firmId, clientId, memberId } = command;
    const ctx = await this.context.load(firmId, clientId, tx);
    const { from, to } = requireSendable({
      firmNumber: ctx.firmNumber,
      clientPhone: ctx.client.phone,
      optedOut: ctx.consent.optedOut,
    });

    const id = newId();
    let body = command.body;
    let includesDisclosure = false;
    if (ctx.consent.disclosureSentAt === null) {
      const disclosure = consentDisclosure(await this.context.firmName(firmId, tx));
      const withDisclosure = appendDisclosure(body, disclosure);
      if (carrierLength(withDisclosure) > MAX_SMS_BODY_CHARACTERS) {
        throw disclosureTooLongError(MAX_SMS_BODY_CHARACTERS);
      }
      // False when a concurrent first text claimed it a moment ago: this one goes without.
      includesDisclosure = await this.commands.execute(
        new ClaimConsentDisclosureCommand(tx, firmId, clientId, id, disclosure),
      );
      if (includesDisclosure) body = withDisclosure;
    }

    const counted = analyzeSegments(body);
    const now = this.clock.now();
    const message = newMessageRow({
      id,
      firmId,
      clientId,
      direction: 'outbound',
      body,
      fromNumber: from,
      toNumber: to,
      peerNumber: to,
      status: 'queued',
      statusRank: statusRank('queued'),
      segments: counted.segments,
      encoding: counted.encoding,
      sentBy: memberId,
      includesDisclosure,
      idempotencyKey: command.idempotencyKey,
      requestHash,
      templateId: command.templateId,
      createdAt: now,
      statusUpdatedAt: now,
    });

    this.messages.insertQueuedAtCommit(tx, message);
    touchThread(tx, { firmId, clientId, id, createdAt: now, direction: 'outbound' });
    await this.events.publish(
      tx,
      new OutboundMessageQueued(
        firmId,
        id,
        clientId,
        memberId,
        message.toNumber,
        message.fromNumber,
        message.segments,
        message.encoding,
        includesDisclosure,
        command.templateId,
        now.toISOString(),
      ),
    );
    this.jobs.enqueueAtCommit<SmsDispatchJob>(tx, SMS_DISPATCH_QUEUE, { messageId: id });
    return message;
  }

  /** The message a key was first used for, or null; 422 when the key came with another request. */
  private async replay(
    firmId: string,
    idempotencyKey: string,
    requestHash: string | null,
  ): Promise<ThreadMessageView | null> {
    const existing = await this.em
      .fork()
      .findOne(MessageEntity, { firmId, idempotencyKey, direction: 'outbound' });
    if (!existing) return null;
    if (existing.requestHash !== requestHash) {
      throw new BusinessRuleError(
        'idempotency_key_reused',
        'unprocessable',
        'This Idempotency-Key was already used with a different request.',
      );
    }
    return toThreadMessageView(existing);
  }
}

/** What makes two sends "the same request": the client and exactly what was typed. */
function fingerprint(command: SendMessageCommand): string {
  return (
    createHash('sha256')
      // A template send is the same request while it names the same template, even if the
      // template's wording was edited between the first attempt and its retry.
      .update(
        JSON.stringify([
          'sms',
          command.clientId,
          command.templateId ? { templateId: command.templateId } : command.body,
        ]),
      )
      .digest('hex')
  );
}
