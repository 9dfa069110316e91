import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { NotificationType } from '../../domain/notification-type';
import { AlertEmailEntity } from './alert-email.entity';
import { insertNewRowsAtCommit } from './insert-new-rows';

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

/** One email of each kind per member and message. */
const CONFLICT_KEY = ['member_id', 'message_id', 'type'];

function toRow(r: NewAlertEmail): unknown[] {
  return [
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
  ];
}

@Injectable()
export class AlertEmailStore {
  constructor(private readonly em: EntityManager) {}

  /**
   * Inserts with the transaction's deferred writes, at its commit. A row that meets an existing
   * one (same member, message and kind) is skipped there; its id then names no email and the
   * worker, which sends only rows it finds unsent, passes over it.
   */
  insertAtCommit(em: EntityManager, rows: NewAlertEmail[]): void {
    insertNewRowsAtCommit(em, 'notification_emails', COLUMNS, rows.map(toRow), CONFLICT_KEY);
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
