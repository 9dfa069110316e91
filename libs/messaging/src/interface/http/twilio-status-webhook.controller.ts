import { Body, Controller, Header, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { isUuid } from '@app/kernel';
import { Public } from '@app/permissions';
import { ApplyDeliveryStatusCommand } from '../../application/outbound/apply-delivery-status.command';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioStatusCallbackParamsDto } from './dto/outbound.dto';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

type FormParams = Record<string, string | string[] | undefined>;

function first(params: FormParams, name: string): string | null {
  const value = params[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : null;
}

/**
 * Twilio's delivery status callbacks. Twilio retries anything but a 200 and adds parameters over
 * time, so the body is read by name and every well-signed callback is answered 200 — unknown,
 * repeated and stale ones simply change nothing.
 */
@ApiTags('Carrier webhooks')
@Controller('webhooks/twilio')
export class TwilioStatusWebhookController {
  constructor(private readonly commands: CommandBus) {}

  @Post('status')
  @Public()
  @UseGuards(TwilioSignatureGuard)
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TwilioStatusCallbackParamsDto })
  @ApiQuery({
    name: 'm',
    required: false,
    description: 'Our message id, put on the callback URL at send time (covered by the signature)',
  })
  @ApiProduces('text/xml')
  @ApiOkResponse({ description: 'Empty TwiML', schema: { type: 'string', example: '<Response/>' } })
  @ApiForbiddenResponse({ description: 'X-Twilio-Signature missing or wrong (invalid_signature)' })
  async status(@Body() body: unknown, @Query('m') m?: string): Promise<string> {
    const params = (body && typeof body === 'object' ? body : {}) as FormParams;
    const carrierMessageId = first(params, 'MessageSid') ?? first(params, 'SmsSid');
    const carrierStatus = first(params, 'MessageStatus') ?? first(params, 'SmsStatus');
    if (carrierMessageId && carrierStatus) {
      await this.commands.execute(
        new ApplyDeliveryStatusCommand({
          carrierMessageId: carrierMessageId.slice(0, 64),
          messageId: isUuid(m) ? m : null,
          carrierStatus,
          errorCode: first(params, 'ErrorCode')?.slice(0, 32) ?? null,
        }),
      );
    }
    return EMPTY_TWIML;
  }
}
