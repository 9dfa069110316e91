import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent } from '@app/platform';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { CreateMemberCommand } from '../../application/accounts.commands';
import { ListMembersQuery } from '../../application/accounts.queries';
import { CreateMemberDto, MemberDto, MemberListDto } from './dto/directory.dto';

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
  @ApiOkResponse({ type: MemberListDto })
  async list(@CurrentMember() member: AuthenticatedMember): Promise<MemberListDto> {
    return { items: await this.queries.execute(new ListMembersQuery(member.firmId)) };
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
