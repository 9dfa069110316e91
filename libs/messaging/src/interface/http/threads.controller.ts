import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { PageQueryDto } from '@app/platform';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { ListThreadMessagesQuery } from '../../application/threads/list-thread-messages.query';
import { ListThreadsQuery } from '../../application/threads/list-threads.query';
import { MarkThreadReadCommand } from '../../application/threads/mark-thread-read.command';
import { MessagePageDto, ThreadPageDto } from './dto/threads.dto';

const DEFAULT_LIMIT = 50;

@ApiTags('Messaging')
@ApiBearerAuth()
@Controller('api')
export class ThreadsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('threads')
  @RequirePermission('messages.view')
  @ApiOkResponse({ type: ThreadPageDto })
  threads(
    @CurrentMember() member: AuthenticatedMember,
    @Query() page: PageQueryDto,
  ): Promise<ThreadPageDto> {
    return this.queries.execute(
      new ListThreadsQuery(member.firmId, member.id, page.cursor, page.limit ?? DEFAULT_LIMIT),
    );
  }

  @Get('clients/:clientId/messages')
  @RequirePermission('messages.view')
  @ApiOkResponse({ type: MessagePageDto, description: "The client's thread, newest first" })
  @ApiNotFoundResponse({ description: 'No such client in the firm' })
  messages(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
    @Query() page: PageQueryDto,
  ): Promise<MessagePageDto> {
    return this.queries.execute(
      new ListThreadMessagesQuery(
        member.firmId,
        clientId,
        page.cursor,
        page.limit ?? DEFAULT_LIMIT,
      ),
    );
  }

  @Post('clients/:clientId/messages/read')
  @HttpCode(204)
  @RequirePermission('messages.view')
  @ApiNoContentResponse({ description: 'The thread is marked read for the caller' })
  @ApiNotFoundResponse({ description: 'No such client in the firm' })
  async markRead(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
  ): Promise<void> {
    await this.commands.execute(new MarkThreadReadCommand(member.firmId, member.id, clientId));
  }
}
