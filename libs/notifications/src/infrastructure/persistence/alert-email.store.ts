import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationType } from '../../domain/notification-type';
import { AlertEmailEntity } from './alert-email.entity';
import { insertNewRows, insertNewRowsAtCommit } from './insert-new-rows';

export interface NewAlertEmail {
  id: string;
  firmId: string;
  memberId: string;
  messageId: string;
  type: NotificationType;
  recipientEmail: string;
  recipientName: string;
  subject: string;
  summary: string;
  link: string;
  createdAt: Date;
}

const COLUMNS = [
  'id',
  'firm_id',
  'member_id',
  'message_id',
  'type',
  'recipient_email',
  'recipient_name',
  'subject',
  'summary',
  'link',
  'created_at',
];

@Injectable()
export class AlertEmailStore {
  constructor(private readonly em: EntityManager) {}

  /** Inserts on the transaction of `em`; answers the ids of the ones that were new. */
  async insertNew(em: EntityManager, rows: NewAlertEmail[]): Promise<string[]> {
    const inserted = await insertNewRows(
      em,
      'notification_emails',
      COLUMNS,
      rows.map((r) => [
        r.id,
        r.firmId,
        r.memberId,
        r.messageId,
        r.type,
        r.recipientEmail,
        r.recipientName,
        r.subject,
        r.summary,
        r.link,
        r.createdAt,
      ]),
      ['member_id', 'message_id', 'type'],
    );
    return rows.filter((r) => inserted.has(r.id)).map((r) => r.id);
  }

  /**
   * The same inserts, deferred to the transaction's commit. A row that meets an existing one
   * (same member, message and kind) is skipped there; its id then names no email and the
   * worker, which sends only rows it finds unsent, passes over it.
   */
  insertAtCommit(em: EntityManager, rows: NewAlertEmail[]): void {
    insertNewRowsAtCommit(
      em,
      'notification_emails',
      COLUMNS,
      rows.map((r) => [
        r.id,
        r.firmId,
        r.memberId,
        r.messageId,
        r.type,
        r.recipientEmail,
        r.recipientName,
        r.subject,
        r.summary,
        r.link,
        r.createdAt,
      ]),
      ['member_id', 'message_id', 'type'],
    );
  }

  find(id: string): Promise<AlertEmailEntity | null> {
    return this.em.fork().findOne(AlertEmailEntity, { id });
  }

  async markSent(id: string, at: Date): Promise<void> {
    await this.em.fork().nativeUpdate(AlertEmailEntity, { id, sentAt: null }, { sentAt: at });
  }

  async markFailed(id: string, at: Date, failure: string): Promise<void> {
    await this.em
      .fork()
      .nativeUpdate(
        AlertEmailEntity,
        { id, sentAt: null },
        { failedAt: at, failure: failure.slice(0, 500) },
      );
  }
}
