import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { Page } from '@app/platform';
import type { ActivityFilter } from '../domain/activity-filter';
import {
  ActivityLogRepository,
  ActivityPosition,
} from '../infrastructure/persistence/activity-log.repository';
import { ActivityView, toActivityView } from './activity-view';
import { encodeActivityCursor } from './activity-cursor';

/** One page of the caller's firm's log, newest first. */
export class ListActivityQuery extends Query<Page<ActivityView>> {
  constructor(
    readonly firmId: string,
    readonly filter: ActivityFilter,
    readonly after: ActivityPosition | null,
    readonly limit: number,
  ) {
    super();
  }
}

@QueryHandler(ListActivityQuery)
export class ListActivityHandler implements IQueryHandler<ListActivityQuery, Page<ActivityView>> {
  constructor(private readonly log: ActivityLogRepository) {}

  async execute({ firmId, filter, after, limit }: ListActivityQuery): Promise<Page<ActivityView>> {
    // One row more than asked tells whether another page exists.
    const rows = await this.log.page(firmId, filter, after, limit + 1);
    const page = rows.slice(0, limit);
    return {
      items: page.map(toActivityView),
      nextCursor: rows.length > limit ? encodeActivityCursor(page[page.length - 1].position) : null,
    };
  }
}
