import { Controller, Get, Header, Headers, Query, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { Clock } from '@app/kernel';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { parseActivityFilter } from '../../domain/activity-filter';
import { decodeActivityCursor } from '../../application/activity-cursor';
import { ListActivityQuery } from '../../application/list-activity.query';
import { StreamActivityQuery } from '../../application/stream-activity.query';
import { ActivityPageDto, ActivityQueryDto } from './dto/activity.dto';
import { acceptsCsv, activityCsv } from './activity-csv';

@ApiTags('Activity')
@ApiBearerAuth()
@Controller('api/activity')
export class ActivityController {
  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequirePermission('activity.view')
  @Header('Vary', 'Accept')
  @ApiProduces('application/json', 'text/csv')
  @ApiExtraModels(ActivityPageDto)
  @ApiOkResponse({
    description:
      'A page of the firm’s activity, newest first; with `Accept: text/csv`, every matching entry as a CSV download (limit does not apply)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ActivityPageDto) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async list(
    @CurrentMember() member: AuthenticatedMember,
    @Query() query: ActivityQueryDto,
    @Headers('accept') accept: string | undefined,
  ): Promise<ActivityPageDto | StreamableFile> {
    // Checked before anything is streamed, so a bad filter is still a 400 problem.
    const filter = parseActivityFilter(query);
    const after = decodeActivityCursor(query.cursor);
    if (!acceptsCsv(accept)) {
      return this.queries.execute(
        new ListActivityQuery(member.firmId, filter, after, query.limit ?? 50),
      );
    }
    const pages = await this.queries.execute(new StreamActivityQuery(member.firmId, filter, after));
    const date = this.clock.now().toISOString().slice(0, 10);
    return new StreamableFile(Readable.from(activityCsv(pages)), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="activity-${member.firmId}-${date}.csv"`,
    });
  }
}
