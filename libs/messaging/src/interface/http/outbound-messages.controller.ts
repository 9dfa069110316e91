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
import { AuthenticatedMember, CurrentMember, RequirePermission } from '@app/permissions';
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
  send(
    @CurrentMember() member: AuthenticatedMember,
    @Param('clientId') clientId: string,
    @Body() body: SendMessageDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<MessageDto> {
    return this.commands.execute(
      new SendMessageCommand(member.firmId, member.id, clientId, body.body, idempotencyKey ?? null),
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
