import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Page, keysetPosition, toPage } from '@app/platform';
import { NotificationStore } from '../../infrastructure/persistence/notification.store';
import type { NotificationEntity } from '../../infrastructure/persistence/notification.entity';
import type { NotificationView } from '../notification-view';

/** The caller's in-app notifications, newest first, optionally only the unread ones. */
export class ListNotificationsQuery extends Query<Page<NotificationView>> {
  constructor(
    readonly firmId: string,
    readonly memberId: string,
    readonly unreadOnly: boolean,
    readonly cursor: string | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

export function toNotificationView(row: NotificationEntity): NotificationView {
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    body: row.body,
    clientId: row.clientId,
    messageId: row.messageId,
    link: row.link,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

@QueryHandler(ListNotificationsQuery)
export class ListNotificationsHandler implements IQueryHandler<
  ListNotificationsQuery,
  Page<NotificationView>
> {
  constructor(private readonly store: NotificationStore) {}

  async execute(query: ListNotificationsQuery): Promise<Page<NotificationView>> {
    const after = keysetPosition(query.cursor);
    const rows = await this.store.page(
      query.firmId,
      query.memberId,
      query.unreadOnly,
      after,
      query.limit,
    );
    return toPage(rows, query.limit, toNotificationView, (row) => ({
      k: row.createdAt.toISOString(),
      id: row.id,
    }));
  }
}
