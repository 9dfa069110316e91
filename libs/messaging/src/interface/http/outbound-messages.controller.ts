import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ValidationFailedError } from '@app/kernel';
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
import { RenderTemplateQuery } from '../../application/templates/template.queries';
import { SendMessageCommand } from '../../application/outbound/send-message.command';
import { GetSmsAvailabilityQuery } from '../../application/outbound/sms-availability.query';
import { PreviewSmsQuery } from '../../application/outbound/preview-sms.query';
import {
  MessageDto,
  SendMessageDto,
  SmsAvailabilityDto,
  SmsPreviewDto,
  SmsPreviewRequestDto,
} from './dto/outbound.dto';

@ApiTags('Messaging')
@ApiBearerAuth()
@Controller('api')
export class OutboundMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('clients/:clientId/sms-availability')
  @RequirePermission('messages.view')
  @ApiOkResponse({ type: SmsAvailabilityDto })
  @ApiNotFoundResponse({ description: 'No such client in the firm' })
  availability(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
  ): Promise<SmsAvailabilityDto> {
    return this.queries.execute(
      new GetSmsAvailabilityQuery(
        member.firmId,
        clientId,
        member.permissions.includes('messages.send'),
      ),
    );
  }

  @Post('clients/:clientId/messages')
  @HttpCode(202)
  @RequirePermission('messages.send')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'The same key with the same body answers the first message and sends nothing',
  })
  @ApiAcceptedResponse({ type: MessageDto, description: 'Queued for sending' })
  @ApiConflictResponse({ description: 'no_firm_number, client_opted_out' })
  @ApiUnprocessableEntityResponse({ description: 'client_has_no_phone, idempotency_key_reused' })
  @ApiNotFoundResponse({ description: 'No such client in the firm' })
  async send(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
    @Body() body: SendMessageDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<MessageDto> {
    if (body.templateId !== undefined && body.body !== undefined) {
      throw new ValidationFailedError([
        { field: 'templateId', message: 'send either body or templateId, not both' },
      ]);
    }
    let text = body.body ?? '';
    if (body.templateId !== undefined) {
      const rendered = await this.queries.execute(
        new RenderTemplateQuery(member.firmId, body.templateId, clientId, member.id),
      );
      text = rendered.body;
    }
    return this.commands.execute(
      new SendMessageCommand(
        member.firmId,
        member.id,
        clientId,
        text,
        idempotencyKey ?? null,
        body.templateId ?? null,
      ),
    );
  }

  @Post('sms/preview')
  @HttpCode(200)
  @RequirePermission('messages.send')
  @ApiOkResponse({ type: SmsPreviewDto })
  preview(
    @CurrentMember() member: AuthenticatedMember,
    @Body() body: SmsPreviewRequestDto,
  ): Promise<SmsPreviewDto> {
    return this.queries.execute(
      new PreviewSmsQuery(member.firmId, body.body, body.clientId ?? null),
    );
  }
}
