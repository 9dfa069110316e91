import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent, PageQueryDto } from '@app/platform';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { CreateMemberCommand } from '../../application/accounts.commands';
import { ListMembersQuery } from '../../application/accounts.queries';
import { CreateMemberDto, MemberDto, MemberPageDto } from './dto/directory.dto';

@ApiTags('Identity')
@ApiBearerAuth()
@Controller('api/members')
export class MembersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('firm_settings.view')
  @ApiOkResponse({ type: MemberPageDto, description: "The firm's members, newest first" })
  list(
    @CurrentMember() member: AuthenticatedMember,
    @Query() query: PageQueryDto,
  ): Promise<MemberPageDto> {
    return this.queries.execute(
      new ListMembersQuery(member.firmId, query.cursor, query.limit ?? 50),
    );
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('firm_settings.edit')
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: MemberDto })
  create(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: CreateMemberDto,
  ): Promise<MemberDto> {
    return this.commands.execute(new CreateMemberCommand(member.firmId, member.id, body));
  }
}
