import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { type KeysetPosition, txSql } from '@app/platform';
import type { NotificationType } from '../../domain/notification-type';
import { NotificationEntity } from './notification.entity';
import { insertNewRows } from './insert-new-rows';

export interface NewNotification {
  id: string;
  firmId: string;
  memberId: string;
  type: NotificationType;
  title: string;
  body: string;
  clientId: string | null;
  messageId: string;
  link: string;
  createdAt: Date;
}

const COLUMNS = [
  'id',
  'firm_id',
  'member_id',
  'type',
  'title',
  'body',
  'client_id',
  'message_id',
  'link',
  'created_at',
];

const CONFLICT_KEY = ['member_id', 'message_id', 'type'];

const toRow = (r: NewNotification): unknown[] => [
  r.id,
  r.firmId,
  r.memberId,
  r.type,
  r.title,
  r.body,
  r.clientId,
  r.messageId,
  r.link,
  r.createdAt,
];

@Injectable()
export class NotificationStore {
  constructor(private readonly em: EntityManager) {}

  /** Inserts on the transaction of `em`; answers the ones that were new. */
  async insertNew(em: EntityManager, rows: NewNotification[]): Promise<NewNotification[]> {
    const inserted = await insertNewRows(
      em,
      'notifications',
      COLUMNS,
      rows.map(toRow),
      CONFLICT_KEY,
    );
    return rows.filter((r) => inserted.has(r.id));
  }

  /**
   * Removes a member's notification of one type about one message, with the commit of the
   * transaction of `em` (no round trip of its own). Nothing happens when there is none.
   */
  removeAtCommit(
    em: EntityManager,
    memberId: string,
    messageId: string,
    type: NotificationType,
  ): void {
    txSql(em).defer(
      'delete from notifications where member_id = $1 and message_id = $2 and type = $3',
      [memberId, messageId, type],
    );
  }

  /** A member's notifications newest first, after a keyset position; `limit + 1` rows. */
  page(
    firmId: string,
    memberId: string,
    unreadOnly: boolean,
    after: KeysetPosition | null,
    limit: number,
  ): Promise<NotificationEntity[]> {
    const where: FilterQuery<NotificationEntity>[] = [{ firmId, memberId }];
    if (unreadOnly) where.push({ readAt: null });
    if (after) {
      const { at, id } = after;
      where.push({ $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }] });
    }
    return this.em
      .fork()
      .find(
        NotificationEntity,
        { $and: where },
        { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 },
      );
  }

  /** False when the member has no such notification; reading twice keeps the first time. */
  async markRead(firmId: string, memberId: string, id: string, at: Date): Promise<boolean> {
    const em = this.em.fork();
    const updated = await em.nativeUpdate(
      NotificationEntity,
      { id, firmId, memberId, readAt: null },
      { readAt: at },
    );
    if (updated > 0) return true;
    return (await em.count(NotificationEntity, { id, firmId, memberId })) > 0;
  }
}
