import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent } from '@app/platform';
import { PlatformAdmin } from '@app/permissions';
import { ProvisionFirmCommand } from '../../application/accounts.commands';
import { ProvisionFirmDto, ProvisionedFirmDto } from './dto/directory.dto';

@ApiTags('Platform')
@ApiBearerAuth('platform')
@Controller('api/platform/firms')
export class PlatformFirmsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @PlatformAdmin()
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOperation({ summary: 'Provision a firm with its owner (operator token)' })
  @ApiCreatedResponse({ type: ProvisionedFirmDto })
  provision(@Body() body: ProvisionFirmDto): Promise<ProvisionedFirmDto> {
    return this.commands.execute(new ProvisionFirmCommand(body.name, body.owner));
  }
}
