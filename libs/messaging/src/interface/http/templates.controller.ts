import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Idempotent } from '@app/platform';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import {
  CreateTemplateCommand,
  DeleteTemplateCommand,
  UpdateTemplateCommand,
} from '../../application/templates/template.commands';
import {
  ListTemplatesQuery,
  RenderTemplateQuery,
} from '../../application/templates/template.queries';
import {
  CreateTemplateDto,
  RenderTemplateDto,
  RenderedTemplateDto,
  TemplateDto,
  TemplateListDto,
  UpdateTemplateDto,
} from './dto/template.dto';

@ApiTags('Templates')
@ApiBearerAuth()
@Controller('api/sms/templates')
export class TemplatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @RequirePermission('messages.view')
  @ApiOkResponse({ type: TemplateListDto })
  async list(@CurrentMember() member: AuthenticatedMember): Promise<TemplateListDto> {
    return { items: await this.queries.execute(new ListTemplatesQuery(member.firmId)) };
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('firm_settings.edit')
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: TemplateDto })
  create(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: CreateTemplateDto,
  ): Promise<TemplateDto> {
    return this.commands.execute(
      new CreateTemplateCommand(member.firmId, member.id, body.name, body.body),
    );
  }

  @Patch(':templateId')
  @RequirePermission('firm_settings.edit')
  @ApiOkResponse({ type: TemplateDto })
  update(
    @CurrentMember() member: AuthenticatedMember,
    @Param('templateId') templateId: string,
    @Body() body: UpdateTemplateDto,
  ): Promise<TemplateDto> {
    return this.commands.execute(new UpdateTemplateCommand(member.firmId, templateId, body));
  }

  @Delete(':templateId')
  @HttpCode(204)
  @RequirePermission('firm_settings.edit')
  @ApiNoContentResponse()
  async remove(
    @CurrentMember() member: AuthenticatedMember,
    @Param('templateId') templateId: string,
  ): Promise<void> {
    await this.commands.execute(new DeleteTemplateCommand(member.firmId, templateId));
  }

  @Post(':templateId/render')
  @HttpCode(200)
  @RequirePermission('messages.send')
  @ApiOkResponse({ type: RenderedTemplateDto })
  async render(
    @CurrentMember() member: AuthenticatedMember,
    @Param('templateId') templateId: string,
    @Body() body: RenderTemplateDto,
  ): Promise<RenderedTemplateDto> {
    const rendered = await this.queries.execute(
      new RenderTemplateQuery(member.firmId, templateId, body.clientId, member.id),
    );
    return {
      body: rendered.body,
      encoding: rendered.encoding,
      segments: rendered.segments,
      missingFields: rendered.missingFields,
      willIncludeDisclosure: rendered.willIncludeDisclosure,
    };
  }
}
