import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Idempotent } from '@app/platform';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { SimulateInboundMessageCommand } from '../../application/inbound/simulate-inbound-message.handler';
import { InboundMessageDto, SandboxInboundDto } from './dto/inbound.dto';
import { SandboxOnlyGuard } from './sandbox-only.guard';

@ApiTags('Sandbox')
@ApiBearerAuth()
@Controller('api/sandbox')
export class SandboxInboundController {
  constructor(private readonly commands: CommandBus) {}

  /** A simulated client text to the firm's number, through the carrier webhook's own path. */
  @Post('inbound')
  @HttpCode(202)
  @RequirePermission('firm_settings.edit')
  @UseGuards(SandboxOnlyGuard)
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiAcceptedResponse({ type: InboundMessageDto })
  simulate(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: SandboxInboundDto,
  ): Promise<InboundMessageDto> {
    return this.commands.execute(
      new SimulateInboundMessageCommand(member.firmId, body.from, body.body),
    );
  }
}
