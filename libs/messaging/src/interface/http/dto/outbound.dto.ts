import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';

/**
 * Shape only; the exact limit (1600 characters as sent, disclosure included) is the handler's,
 * which counts characters the way the carrier does.
 */
const BODY_SHAPE_LIMIT = 3200;

export class SendMessageDto {
  @ApiProperty({ enum: ['sms'] })
  @IsIn(['sms'])
  channel!: 'sms';

  @ApiPropertyOptional({
    maxLength: 1600,
    description:
      'The text (or send a templateId instead). The first text to a client gets the one-time consent disclosure appended, and the two together must fit 1600 characters.',
  })
  @ValidateIf((dto: SendMessageDto) => dto.templateId === undefined || dto.body !== undefined)
  @IsString()
  @MaxLength(BODY_SHAPE_LIMIT)
  body?: string;

  @ApiPropertyOptional({ description: 'Send a template rendered for the client, in place of body' })
  @ValidateIf((dto: SendMessageDto) => dto.templateId !== undefined || dto.body === undefined)
  @IsUUID()
  templateId?: string;
}

export class SmsPreviewRequestDto {
  @ApiProperty({ maxLength: 1600 })
  @IsString()
  @MaxLength(BODY_SHAPE_LIMIT)
  body!: string;

  @ApiPropertyOptional({ description: 'Count the disclosure when this would be their first text' })
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class SmsPreviewDto {
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding!: string;
  @ApiProperty() characters!: number;
  @ApiProperty() segments!: number;
  @ApiProperty({ description: 'The counts include the one-time consent disclosure' })
  willIncludeDisclosure!: boolean;
}

export class SmsAvailabilityDto {
  @ApiProperty() available!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['no_firm_number', 'client_opted_out', 'client_has_no_phone', 'forbidden'],
  })
  reason!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['registration_not_approved'],
    description:
      'Sending works but is likely blocked by US carriers: the firm’s A2P 10DLC registration is not approved',
  })
  warning!: string | null;
}

/** A message of a thread, either direction. */
export class MessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) clientId!: string | null;
  @ApiProperty({ enum: ['outbound', 'inbound'] }) direction!: string;
  @ApiProperty({ enum: ['sms'] }) channel!: string;
  @ApiProperty({ description: 'Exactly as sent or received, disclosure included' }) body!: string;
  @ApiProperty({ example: '+15035550100' }) from!: string;
  @ApiProperty({ example: '+15035550142' }) to!: string;
  @ApiProperty({
    enum: ['queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'received'],
  })
  status!: string;
  @ApiProperty() segments!: number;
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The member who sent it' })
  sentBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() statusUpdatedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: '30006' }) errorCode!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it failed, in plain English' })
  errorReason!: string | null;
  @ApiProperty({ description: 'This text carried the one-time consent disclosure' })
  includesDisclosure!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Outbound: the template it was rendered from',
  })
  templateId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Inbound: its compliance keyword' })
  keyword!: string | null;
  @ApiProperty({ description: 'Inbound: reads like an opt-out; staff confirm it' })
  possibleOptOut!: boolean;
  @ApiProperty({ description: 'Inbound: arrived while inbound SMS was paused' })
  receivedWhilePaused!: boolean;
}

/** Twilio's status callback parameters, for the document; others Twilio adds are accepted. */
export class TwilioStatusCallbackParamsDto {
  @ApiProperty({ example: 'SM0123456789abcdef0123456789abcdef' }) MessageSid!: string;
  @ApiProperty({ example: 'delivered' }) MessageStatus!: string;
  @ApiPropertyOptional({ example: '30006' }) ErrorCode?: string;
  @ApiPropertyOptional() AccountSid?: string;
  @ApiPropertyOptional() From?: string;
  @ApiPropertyOptional() To?: string;
  @ApiPropertyOptional() SmsStatus?: string;
}
