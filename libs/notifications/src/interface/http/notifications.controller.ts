import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AnyMember, AuthenticatedMember, CurrentMember } from '@app/permissions';
import { ListNotificationsQuery } from '../../application/queries/list-notifications.query';
import { MarkNotificationReadCommand } from '../../application/commands/mark-notification-read.command';
import { NotificationListQueryDto, NotificationPageDto } from './dto/notification.dto';

@ApiTags('Notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @AnyMember()
  @ApiOkResponse({ type: NotificationPageDto })
  list(
    @CurrentMember() member: AuthenticatedMember,
    @Query() query: NotificationListQueryDto,
  ): Promise<NotificationPageDto> {
    return this.queries.execute(
      new ListNotificationsQuery(
        member.firmId,
        member.id,
        query.unread === true,
        query.cursor,
        query.limit ?? 50,
      ),
    );
  }

  @Post(':id/read')
  @HttpCode(204)
  @AnyMember()
  @ApiNoContentResponse({ description: 'Marked read (reading it again changes nothing)' })
  @ApiNotFoundResponse({ description: 'No such notification of the caller' })
  async markRead(
    @CurrentMember() member: AuthenticatedMember,
    @Param('id') id: string,
  ): Promise<void> {
    await this.commands.execute(new MarkNotificationReadCommand(member.firmId, member.id, id));
  }
}
