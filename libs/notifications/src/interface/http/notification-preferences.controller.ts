import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyMember, AuthenticatedMember, CurrentMember } from '@app/permissions';
import { GetNotificationPreferencesQuery } from '../../application/preferences/get-notification-preferences.query';
import { UpdateNotificationPreferencesCommand } from '../../application/preferences/update-notification-preferences.command';
import { NotificationPreferencesDto } from './dto/notification-preferences.dto';

@ApiTags('Notifications')
@ApiBearerAuth()
@Controller('api/me/notification-preferences')
export class NotificationPreferencesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: NotificationPreferencesDto })
  get(@CurrentMember() member: AuthenticatedMember): Promise<NotificationPreferencesDto> {
    return this.queries.execute(new GetNotificationPreferencesQuery(member.firmId, member.id));
  }

  @Put()
  @HttpCode(200)
  @AnyMember()
  @ApiOkResponse({ type: NotificationPreferencesDto })
  update(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: NotificationPreferencesDto,
  ): Promise<NotificationPreferencesDto> {
    return this.commands.execute(
      new UpdateNotificationPreferencesCommand(member.firmId, member.id, body),
    );
  }
}
