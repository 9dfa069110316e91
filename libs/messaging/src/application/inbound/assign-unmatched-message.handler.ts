import { Command, CommandBus, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Clock, NotFoundError, PhoneNumber, ValidationFailedError, isUuid } from '@app/kernel';
import { LiveEvents } from '@app/platform';
import { GetClientContactQuery, SetClientPhoneCommand } from '@app/directory';
import { MessageEntity } from '../../infrastructure/persistence/message.entity';
import { touchThread } from '../thread-updater';
import { InboundMessageStore, MovedMessage } from './inbound-message.store';
import { MessageView, toMessageView } from './message-view';

export class AssignUnmatchedMessageCommand extends Command<MessageView> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly messageId: string,
    readonly clientId: string,
    readonly savePhoneToClient: boolean,
  ) {
    super();
  }
}

/**
 * Puts an Unmatched text into a client's thread. Saving the sender's number to the client makes
 * later texts match by themselves and brings the other waiting texts from that number along; the
 * client, whose phone it now is, inherits the last STOP or START it sent (Compliance reacts to
 * the phone change, keeping a keyword older than the client's own consent change from
 * overriding it).
 */
@CommandHandler(AssignUnmatchedMessageCommand)
export class AssignUnmatchedMessageHandler implements ICommandHandler<
  AssignUnmatchedMessageCommand,
  MessageView
> {
  constructor(
    private readonly em: EntityManager,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly store: InboundMessageStore,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async execute(command: AssignUnmatchedMessageCommand): Promise<MessageView> {
    if (!isUuid(command.messageId)) throw new NotFoundError('Message');
    const view = await this.em.fork().transactional((tx) => this.assign(tx, command));
    this.live.publish({
      firmId: command.firmId,
      memberId: null,
      type: 'message.assigned',
      data: { messageId: view.id, clientId: view.clientId },
    });
    return view;
  }

  private async assign(
    tx: EntityManager,
    { firmId, actorId, messageId, clientId, savePhoneToClient }: AssignUnmatchedMessageCommand,
  ): Promise<MessageView> {
    const message = await tx.findOne(
      MessageEntity,
      { id: messageId, firmId, direction: 'inbound' },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    // Already in another thread: it is no longer an Unmatched message to assign. The same client
    // again is a retried request and answers as the first did.
    if (!message || (message.clientId !== null && message.clientId !== clientId)) {
      throw new NotFoundError('Message');
    }
    const client = await this.queries.execute(new GetClientContactQuery(firmId, clientId, tx));
    if (!client) throw new NotFoundError('Client');
    const phone = savePhoneToClient ? PhoneNumber.parse(message.peerNumber)?.e164 : null;
    if (savePhoneToClient && !phone) {
      throw new ValidationFailedError([
        {
          field: 'savePhoneToClient',
          message: 'the sender is not a phone number a client can have',
        },
      ]);
    }

    const newlyAssigned: MovedMessage[] = [];
    const now = this.clock.now();
    if (message.clientId === null) {
      message.clientId = clientId;
      message.matchCandidates = null;
      message.assignedAt = now;
      await tx.flush();
      newlyAssigned.push(message);
    }
    if (phone) {
      await this.commands.execute(new SetClientPhoneCommand(firmId, clientId, phone, actorId, tx));
      newlyAssigned.push(
        ...(await this.store.moveUnmatchedFromPeer(tx, firmId, phone, clientId, now)),
      );
    }
    const newest = newlyAssigned.reduce<MovedMessage | null>(
      (latest, m) => (!latest || m.createdAt > latest.createdAt ? m : latest),
      null,
    );
    if (newest) {
      touchThread(tx, {
        firmId,
        clientId,
        id: newest.id,
        createdAt: newest.createdAt,
        direction: 'inbound',
      });
    }
    return toMessageView(message);
  }
}
