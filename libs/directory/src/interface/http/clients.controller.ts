import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent } from '@app/platform';
import { NotFoundError, isUuid } from '@app/kernel';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { CreateClientCommand, UpdateClientCommand } from '../../application/clients.commands';
import { GetClientQuery, ListClientsQuery } from '../../application/clients.queries';
import {
  ClientDto,
  ClientPageDto,
  ClientSearchDto,
  CreateClientDto,
  UpdateClientDto,
} from './dto/directory.dto';

@ApiTags('Clients')
@ApiBearerAuth()
@Controller('api/clients')
export class ClientsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('messages.view')
  @ApiOkResponse({ type: ClientPageDto })
  list(
    @CurrentMember() member: AuthenticatedMember,
    @Query() query: ClientSearchDto,
  ): Promise<ClientPageDto> {
    return this.queries.execute(
      new ListClientsQuery(member.firmId, query.search, query.cursor, query.limit ?? 50),
    );
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('messages.send')
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ClientDto })
  create(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: CreateClientDto,
  ): Promise<ClientDto> {
    return this.commands.execute(new CreateClientCommand(member.firmId, member.id, body));
  }

  @Get(':clientId')
  @RequirePermission('messages.view')
  @ApiOkResponse({ type: ClientDto })
  get(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
  ): Promise<ClientDto> {
    return this.queries.execute(new GetClientQuery(member.firmId, clientId));
  }

  @Patch(':clientId')
  @RequirePermission('messages.send')
  @ApiOkResponse({ type: ClientDto })
  update(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
    @Body() body: UpdateClientDto,
  ): Promise<ClientDto> {
    if (!isUuid(clientId)) throw new NotFoundError('Client');
    return this.commands.execute(new UpdateClientCommand(member.firmId, member.id, clientId, body));
  }
}
