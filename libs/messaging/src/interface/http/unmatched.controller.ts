import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '@app/platform';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { ListUnmatchedQuery } from '../../application/inbound/list-unmatched.query';
import { AssignUnmatchedMessageCommand } from '../../application/inbound/assign-unmatched-message.handler';
import { AssignUnmatchedDto, InboundMessageDto, UnmatchedPageDto } from './dto/inbound.dto';

@ApiTags('Unmatched')
@ApiBearerAuth()
@Controller('api/sms/unmatched')
export class UnmatchedController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('sms.unmatched.triage')
  @ApiOkResponse({ type: UnmatchedPageDto })
  list(
    @CurrentMember() member: AuthenticatedMember,
    @Query() query: PageQueryDto,
  ): Promise<UnmatchedPageDto> {
    return this.queries.execute(
      new ListUnmatchedQuery(member.firmId, query.cursor, query.limit ?? 50),
    );
  }

  @Post(':messageId/assign')
  @HttpCode(200)
  @RequirePermission('sms.unmatched.triage')
  @ApiOkResponse({ type: InboundMessageDto })
  assign(
    @CurrentMember() member: AuthenticatedMember,
    @Param('messageId') messageId: string,
    @Body() body: AssignUnmatchedDto,
  ): Promise<InboundMessageDto> {
    return this.commands.execute(
      new AssignUnmatchedMessageCommand(
        member.firmId,
        member.id,
        messageId,
        body.clientId,
        body.savePhoneToClient ?? false,
      ),
    );
  }
}
