import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { NotificationPreferences } from '../../domain/notification-preferences';
import { PreferenceStore } from '../../infrastructure/persistence/preference.store';

export class GetNotificationPreferencesQuery extends Query<NotificationPreferences> {
  constructor(
    readonly firmId: string,
    readonly memberId: string,
  ) {
    super();
  }
}

@QueryHandler(GetNotificationPreferencesQuery)
export class GetNotificationPreferencesHandler implements IQueryHandler<
  GetNotificationPreferencesQuery,
  NotificationPreferences
> {
  constructor(private readonly store: PreferenceStore) {}

  execute({ firmId, memberId }: GetNotificationPreferencesQuery): Promise<NotificationPreferences> {
    return this.store.get(firmId, memberId);
  }
}
