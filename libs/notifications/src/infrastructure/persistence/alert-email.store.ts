import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { readSql, statementSql } from '@app/platform';
import type { NotificationType } from '../../domain/notification-type';
import type { AlertEmailEntity } from './alert-email.entity';
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

/** An email alert as the worker sends it; the driver answers its times as text. */
export type StoredAlertEmail = Pick<
  AlertEmailEntity,
  'id' | 'recipientEmail' | 'recipientName' | 'subject' | 'summary' | 'link'
> & { sentAt: Date | string | null; failedAt: Date | string | null };

/**
 * The alert emails' table. The worker's reads and marks are plain statements: it makes them for
 * every email it sends, and the ORM's hydration and query building cost more than they do.
 */
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

  async find(id: string): Promise<StoredAlertEmail | null> {
    const [row] = await readSql<StoredAlertEmail>(
      this.em,
      `select id, recipient_email as "recipientEmail", recipient_name as "recipientName",
              subject, summary, link, sent_at as "sentAt", failed_at as "failedAt"
         from notification_emails where id = $1`,
      [id],
    );
    return row ?? null;
  }

  async markSent(id: string, at: Date): Promise<void> {
    await statementSql(
      this.em,
      'update notification_emails set sent_at = $2 where id = $1 and sent_at is null',
      [id, at],
    );
  }

  async markFailed(id: string, at: Date, failure: string): Promise<void> {
    await statementSql(
      this.em,
      `update notification_emails set failed_at = $2, failure = $3
        where id = $1 and sent_at is null`,
      [id, at, failure.slice(0, 500)],
    );
  }
}
