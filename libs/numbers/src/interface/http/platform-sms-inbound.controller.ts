import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlatformAdmin } from '@app/permissions';
import { SetInboundPausedCommand } from '../../application/commands/set-inbound-paused/set-inbound-paused.command';
import { SmsInboundDto, SmsInboundStateDto } from './dto/numbers.dto';

@ApiTags('Platform')
@ApiBearerAuth('platform')
@Controller('api/platform/firms')
export class PlatformSmsInboundController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':firmId/sms-inbound')
  @HttpCode(200)
  @PlatformAdmin()
  @ApiOperation({
    summary: 'Pause or resume the firm’s inbound SMS without releasing its number (operator token)',
  })
  @ApiOkResponse({ type: SmsInboundStateDto })
  setInbound(
    @Param('firmId') firmId: string,
    @Body() body: SmsInboundDto,
  ): Promise<SmsInboundStateDto> {
    return this.commands.execute(new SetInboundPausedCommand(firmId, body.paused));
  }
}
