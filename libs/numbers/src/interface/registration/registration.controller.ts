import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { GetRegistrationQuery } from '../../application/registration/get-registration.query';
import { SubmitRegistrationCommand } from '../../application/registration/submit-registration.command';
import { RegistrationDto, SubmitRegistrationDto } from './dto/registration.dto';

/** Settings → SMS: the firm's A2P 10DLC registration with US carriers. */
@ApiTags('Registration')
@ApiBearerAuth()
@Controller('api/sms/registration')
export class RegistrationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('firm_settings.view')
  @ApiOperation({ summary: 'Where the firm’s registration stands, step by step' })
  @ApiOkResponse({ type: RegistrationDto })
  get(@CurrentMember() member: AuthenticatedMember): Promise<RegistrationDto> {
    return this.queries.execute(new GetRegistrationQuery(member.firmId));
  }

  @Put()
  @HttpCode(202)
  @RequirePermission('firm_settings.edit')
  @ApiOperation({
    summary:
      'Send the registration form; the carrier steps then run in the background (409 registration_in_progress while one is under review)',
  })
  @ApiAcceptedResponse({ type: RegistrationDto })
  submit(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: SubmitRegistrationDto,
  ): Promise<RegistrationDto> {
    return this.commands.execute(new SubmitRegistrationCommand(member.firmId, member.id, body));
  }
}
