import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { sqlTransaction, txMemo } from '@app/platform';
import { GetClientContactsQuery, ListFirmMembersQuery } from '@app/directory';
import { replyAlert, unmatchedAlert } from '../domain/alert';
import { AlertDispatcher, AlertFor } from './alert-dispatcher';
import { membersWith } from './audience';

export const INBOUND_ALERT_QUEUE = 'notifications.inbound';

/**
 * A received text to tell the firm's staff about. A job's data stays in the queue's tables (and
 * their backups) for days after it ran, so it carries ids and no one's name or number: only the
 * last four digits an unmatched text's alert shows.
 */
export interface InboundAlertText {
  firmId: string;
  messageId: string;
  /** Null when it landed in Unmatched. */
  clientId: string | null;
  /** The sender number's last four digits, for a text that landed in Unmatched; else null. */
  fromEnding: string | null;
  /** The whole number, in jobs queued by versions that wrote it. */
  from?: string;
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
      const names = await this.clientNames(tx, texts);
      const alerts: AlertFor[] = [];
      for (const text of texts) alerts.push(await this.alertOf(tx, text, names));
      await this.dispatcher.dispatchAll(tx, alerts, (p) => p.smsReply);
    });
  }

  /** The names of the job's clients, read once a firm: as they are now, not as when the text came. */
  private async clientNames(
    tx: EntityManager,
    texts: readonly InboundAlertText[],
  ): Promise<Map<string, string>> {
    const byFirm = new Map<string, Set<string>>();
    for (const { firmId, clientId } of texts) {
      if (clientId) byFirm.set(firmId, (byFirm.get(firmId) ?? new Set()).add(clientId));
    }
    const names = new Map<string, string>();
    for (const [firmId, ids] of byFirm) {
      const clients = await this.queries.execute(new GetClientContactsQuery(firmId, [...ids], tx));
      for (const client of clients) names.set(client.id, client.name);
    }
    return names;
  }

  private async alertOf(
    tx: EntityManager,
    text: InboundAlertText,
    names: ReadonlyMap<string, string>,
  ): Promise<AlertFor> {
    const { firmId, messageId, clientId } = text;
    const members = await txMemo(tx, `directory.members:${firmId}`, () =>
      this.queries.execute(new ListFirmMembersQuery(firmId, tx)),
    );
    if (!clientId) {
      return {
        alert: unmatchedAlert({ firmId, messageId, from: text.fromEnding ?? text.from ?? '' }),
        recipients: membersWith(members, 'sms.unmatched.triage'),
      };
    }
    const clientName = names.get(clientId) ?? null;
    return {
      alert: replyAlert({ firmId, messageId, clientId, clientName }),
      recipients: membersWith(members, 'messages.view'),
    };
  }
}
