import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { IntegrationEventBus, txMemo } from '@app/platform';
import { GetClientContactQuery, ListFirmMembersQuery } from '@app/directory';
import type { InboundMessageReceived } from '@app/messaging';
import { replyAlert, unmatchedAlert } from '../domain/alert';
import { AlertDispatcher } from './alert-dispatcher';
import { membersWith } from './audience';

/**
 * A client's reply goes to everyone who can read the thread; a text from an unknown number
 * only to those who triage Unmatched (owners and admins). Each by their own preferences.
 * Texts that arrive while the firm's inbound is paused tell no one.
 */
@Injectable()
export class NotifyStaffOnInboundMessage implements OnModuleInit {
  constructor(
    private readonly bus: IntegrationEventBus,
    private readonly queries: QueryBus,
    private readonly dispatcher: AlertDispatcher,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe<InboundMessageReceived>('messaging.inbound_message_received', (event, em) =>
      this.handle(event, em),
    );
  }

  async handle(event: InboundMessageReceived, em: EntityManager): Promise<void> {
    if (event.receivedWhilePaused) return;
    // Texts received together share a transaction; the firm's staff are read once for all.
    const members = await txMemo(em, `directory.members:${event.firmId}`, () =>
      this.queries.execute(new ListFirmMembersQuery(event.firmId, em)),
    );
    const { firmId, messageId, clientId } = event;
    const [alert, audience] = clientId
      ? [
          replyAlert({ firmId, messageId, clientId, clientName: await this.nameOf(event, em) }),
          membersWith(members, 'messages.view'),
        ]
      : [
          unmatchedAlert({ firmId, messageId, from: event.from }),
          membersWith(members, 'sms.unmatched.triage'),
        ];
    // The event is published once, by the transaction that stored the message.
    await this.dispatcher.dispatch(em, alert, audience, (p) => p.smsReply, { messageIsNew: true });
  }

  private async nameOf(event: InboundMessageReceived, em: EntityManager): Promise<string | null> {
    if (event.clientName || !event.clientId) return event.clientName;
    const client = await this.queries.execute(
      new GetClientContactQuery(event.firmId, event.clientId, em),
    );
    return client?.name ?? null;
  }
}
