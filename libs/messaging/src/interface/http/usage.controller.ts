import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Clock } from '@app/kernel';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { GetSmsUsageQuery } from '../../application/usage/get-sms-usage.query';
import { utcMonthOf } from '../../application/usage/usage-month';
import { SmsUsageDto, UsageQueryDto } from './dto/usage.dto';

@ApiTags('Messaging')
@ApiBearerAuth()
@Controller('api/sms/usage')
export class UsageController {
  constructor(
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Get()
  @RequirePermission('firm_settings.view')
  @ApiOkResponse({ type: SmsUsageDto })
  usage(
    @CurrentMember() member: AuthenticatedMember,
    @Query() query: UsageQueryDto,
  ): Promise<SmsUsageDto> {
    const month = query.month ?? utcMonthOf(this.clock.now());
    return this.queries.execute(new GetSmsUsageQuery(member.firmId, month));
  }
}
