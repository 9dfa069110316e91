import { Body, Controller, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBody,
  ApiConsumes,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ValidationFailedError } from '@app/kernel';
import { Public } from '@app/permissions';
import { ReceiveInboundMessageCommand } from '../../application/inbound/receive-inbound-message.command';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { TwilioInboundSmsParamsDto } from './dto/inbound.dto';
import { twimlResponse } from './twiml';

type FormParams = Record<string, string | string[] | undefined>;

function first(params: FormParams, name: string): string | null {
  const value = params[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text : null;
}

function required(params: FormParams, name: string, maxLength = 200): string {
  const value = first(params, name)?.trim();
  if (!value || value.length > maxLength) {
    throw new ValidationFailedError([{ field: name, message: `${name} is missing or too long` }]);
  }
  return value;
}

/** Twilio's count when it is believable (a 1600-character body is at most 24 segments). */
function segmentsOf(params: FormParams): number | null {
  const segments = Number.parseInt(first(params, 'NumSegments') ?? '', 10);
  return Number.isInteger(segments) && segments > 0 && segments <= 100 ? segments : null;
}

/**
 * Twilio's inbound SMS webhook. The body is whatever Twilio posts (it adds parameters over time),
 * so it is read by name rather than validated against a closed shape.
 */
@ApiTags('Carrier webhooks')
@Controller('webhooks/twilio')
export class TwilioInboundWebhookController {
  constructor(private readonly commands: CommandBus) {}

  @Post('sms')
  @Public()
  @UseGuards(TwilioSignatureGuard)
  @HttpCode(200)
  @Header('Content-Type', 'text/xml; charset=utf-8')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TwilioInboundSmsParamsDto })
  @ApiProduces('text/xml')
  @ApiOkResponse({
    description: 'TwiML: empty, or one reply when the product answers keywords itself',
    schema: { type: 'string', example: '<Response/>' },
  })
  @ApiForbiddenResponse({ description: 'X-Twilio-Signature missing or wrong (invalid_signature)' })
  async inbound(@Body() body: unknown): Promise<string> {
    const params = (body && typeof body === 'object' ? body : {}) as FormParams;
    const receipt = await this.commands.execute(
      new ReceiveInboundMessageCommand({
        messageSid: required(params, 'MessageSid', 64),
        from: required(params, 'From'),
        to: required(params, 'To'),
        body: first(params, 'Body') ?? '',
        numSegments: segmentsOf(params),
        optOutType: first(params, 'OptOutType'),
      }),
    );
    return twimlResponse(receipt.reply);
  }
}
