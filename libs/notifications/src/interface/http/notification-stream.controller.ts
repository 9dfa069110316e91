import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AnyMember, AuthenticatedMember, CurrentMember } from '@app/permissions';
import { NotificationStreams } from './notification-streams';

@ApiTags('Notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationStreamController {
  constructor(private readonly streams: NotificationStreams) {}

  @Get('stream')
  @AnyMember()
  @ApiProduces('text/event-stream')
  @ApiQuery({
    name: 'access_token',
    required: false,
    description: 'The access token, for EventSource, which cannot send an Authorization header',
  })
  @ApiOkResponse({
    description:
      'Server-Sent Events: each new notification of the caller as `event: notification` with ' +
      'the notification as JSON data; a `: ping` comment every 15 s.',
    schema: { type: 'string' },
  })
  async stream(
    @CurrentMember() member: AuthenticatedMember,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.streams.open(member.id, reply);
  }
}
