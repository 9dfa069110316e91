import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { sqlTransaction, txMemo } from '@app/platform';
import { GetClientContactQuery, ListFirmMembersQuery } from '@app/directory';
import { replyAlert, unmatchedAlert } from '../domain/alert';
import { AlertDispatcher, AlertFor } from './alert-dispatcher';
import { membersWith } from './audience';

export const INBOUND_ALERT_QUEUE = 'notifications.inbound';

/** A received text to tell the firm's staff about. */
export interface InboundAlertText {
  firmId: string;
  messageId: string;
  /** Null when it landed in Unmatched. */
  clientId: string | null;
  clientName: string | null;
  from: string;
}

/** The texts one inbound transaction stored, announced together. */
export interface InboundAlertJob {
  texts: InboundAlertText[];
}

/**
 * Fans a job's texts out to the staff, in one transaction: the firm's members are read once per
 * firm, their preferences once, and each table gets one insert. Members are those of the firm
 * now, so someone removed since the text arrived is not told. A job run twice (a worker lost
 * mid-way) adds nothing: an alert is stored, announced and emailed once per member and message.
 */
@Injectable()
export class DeliverInboundAlertsJob {
  constructor(
    private readonly em: EntityManager,
    private readonly queries: QueryBus,
    private readonly dispatcher: AlertDispatcher,
  ) {}

  async run({ texts }: InboundAlertJob): Promise<void> {
    await sqlTransaction(this.em, async (tx) => {
      const alerts: AlertFor[] = [];
      for (const text of texts) alerts.push(await this.alertOf(tx, text));
      await this.dispatcher.dispatchAll(tx, alerts, (p) => p.smsReply);
    });
  }

  private async alertOf(tx: EntityManager, text: InboundAlertText): Promise<AlertFor> {
    const { firmId, messageId, clientId, from } = text;
    const members = await txMemo(tx, `directory.members:${firmId}`, () =>
      this.queries.execute(new ListFirmMembersQuery(firmId, tx)),
    );
    if (!clientId) {
      return {
        alert: unmatchedAlert({ firmId, messageId, from }),
        recipients: membersWith(members, 'sms.unmatched.triage'),
      };
    }
    const clientName =
      text.clientName ??
      (await this.queries.execute(new GetClientContactQuery(firmId, clientId, tx)))?.name ??
      null;
    return {
      alert: replyAlert({ firmId, messageId, clientId, clientName }),
      recipients: membersWith(members, 'messages.view'),
    };
  }
}
