import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ActivityFilter } from '../domain/activity-filter';
import {
  ActivityLogRepository,
  ActivityPosition,
} from '../infrastructure/persistence/activity-log.repository';
import { ActivityView, toActivityView } from './activity-view';

/** Rows per round trip of an export: large enough to be quick, small enough to stay flat. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * Every entry matching the filter, newest first, as a lazy sequence of pages: an export of any
 * size holds one page in memory, and nothing is read until the consumer pulls.
 */
export class StreamActivityQuery extends Query<AsyncIterable<ActivityView[]>> {
  constructor(
    readonly firmId: string,
    readonly filter: ActivityFilter,
    readonly after: ActivityPosition | null,
  ) {
    super();
  }
}

@QueryHandler(StreamActivityQuery)
export class StreamActivityHandler implements IQueryHandler<
  StreamActivityQuery,
  AsyncIterable<ActivityView[]>
> {
  constructor(private readonly log: ActivityLogRepository) {}

  execute({ firmId, filter, after }: StreamActivityQuery): Promise<AsyncIterable<ActivityView[]>> {
    return Promise.resolve(this.pages(firmId, filter, after));
  }

  private async *pages(
    firmId: string,
    filter: ActivityFilter,
    start: ActivityPosition | null,
  ): AsyncGenerator<ActivityView[]> {
    let after = start;
    for (;;) {
      const rows = await this.log.page(firmId, filter, after, EXPORT_PAGE_SIZE);
      if (rows.length > 0) yield rows.map(toActivityView);
      if (rows.length < EXPORT_PAGE_SIZE) return;
      after = rows[rows.length - 1].position;
    }
  }
}
