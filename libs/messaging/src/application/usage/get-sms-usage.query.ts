import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '@app/platform';
import { SmsUsage, UsageCounts, monthRange, usageFor } from './usage-month';

/** A firm's SMS usage in one UTC month, against its allowance. */
export class GetSmsUsageQuery extends Query<SmsUsage> {
  constructor(
    readonly firmId: string,
    readonly month: string,
  ) {
    super();
  }
}

interface DirectionRow {
  direction: 'outbound' | 'inbound';
  messages: number;
  segments: number;
}

@QueryHandler(GetSmsUsageQuery)
export class GetSmsUsageHandler implements IQueryHandler<GetSmsUsageQuery, SmsUsage> {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  async execute({ firmId, month }: GetSmsUsageQuery): Promise<SmsUsage> {
    const { start, end } = monthRange(month);
    // Outbound counts once the carrier accepted it (what it bills); a text refused before that
    // costs nothing. One range scan of messages_firm_created_idx.
    const rows = await this.em
      .fork()
      .getConnection()
      .execute<DirectionRow[]>(
        `select direction, count(*)::int as messages, coalesce(sum(segments), 0)::int as segments
       from messages
       where firm_id = ? and created_at >= ? and created_at < ?
         and (direction = 'inbound' or carrier_accepted)
       group by direction`,
        [firmId, start, end],
        'all',
      );
    const counts: UsageCounts = {
      outbound: { messages: 0, segments: 0 },
      inbound: { messages: 0, segments: 0 },
    };
    for (const row of rows)
      counts[row.direction] = { messages: row.messages, segments: row.segments };
    return usageFor(month, counts, {
      allowanceSegments: this.config.smsAllowanceSegments,
      overageCentsPerSegment: this.config.smsOverageCentsPerSegment,
    });
  }
}
