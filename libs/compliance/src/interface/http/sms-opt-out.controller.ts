import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { OptOutClientCommand } from '../../contracts/compliance.contracts';
import { GetConsentClientQuery } from '../../application/get-consent-client.query';
import { OptedOutClientDto, SmsOptOutDto } from './dto/sms-opt-out.dto';

@ApiTags('Compliance')
@ApiBearerAuth()
@Controller('api/clients')
export class SmsOptOutController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Staff record an opt-out the client asked for in other words ("please stop texting me"). */
  @Post(':clientId/sms-opt-out')
  @HttpCode(200)
  @RequirePermission('messages.send')
  @ApiOkResponse({ type: OptedOutClientDto })
  async optOut(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
    @Body() body: SmsOptOutDto,
  ): Promise<OptedOutClientDto> {
    await this.commands.execute(
      new OptOutClientCommand(
        member.firmId,
        clientId,
        'staff',
        member.id,
        body.reason?.trim() || null,
        null,
      ),
    );
    return this.queries.execute(new GetConsentClientQuery(member.firmId, clientId));
  }
}
