import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class InboundMessageDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null while in Unmatched' })
  clientId!: string | null;
  @ApiProperty({ enum: ['outbound', 'inbound'] }) direction!: string;
  @ApiProperty({ enum: ['sms'] }) channel!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ example: '+15035550142' }) from!: string;
  @ApiProperty({ example: '+15035550100' }) to!: string;
  @ApiProperty({
    enum: ['queued', 'sending', 'sent', 'delivered', 'read', 'undelivered', 'failed', 'received'],
  })
  status!: string;
  @ApiProperty() segments!: number;
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding!: string;
  @ApiProperty({ type: String, nullable: true }) sentBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() statusUpdatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) errorCode!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The compliance keyword the text was (STOP, START, HELP …)',
  })
  keyword!: string | null;
  @ApiProperty({ description: 'Reads like an opt-out without being a keyword: staff confirm it' })
  possibleOptOut!: boolean;
  @ApiProperty({ description: 'Arrived while inbound SMS was paused for the firm' })
  receivedWhilePaused!: boolean;
}

export class MatchCandidateDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class UnmatchedMessageDto extends InboundMessageDto {
  @ApiProperty({
    type: MatchCandidateDto,
    isArray: true,
    description: 'Clients who share or now have the sender’s number',
  })
  candidates!: MatchCandidateDto[];
}

export class UnmatchedPageDto {
  @ApiProperty({ type: UnmatchedMessageDto, isArray: true }) items!: UnmatchedMessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AssignUnmatchedDto {
  @ApiProperty({ description: 'The client whose thread the text belongs in' })
  @IsUUID()
  clientId!: string;

  @ApiPropertyOptional({
    default: false,
    description: 'Save the sender’s number as the client’s phone, so later texts match',
  })
  @IsOptional()
  @IsBoolean()
  savePhoneToClient?: boolean;
}

export class SandboxInboundDto {
  @ApiProperty({ example: '+15035550142', description: 'The simulated client’s phone' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  from!: string;

  @ApiProperty({ example: 'Thanks, I will sign tonight.', maxLength: 1600 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1600)
  body!: string;
}

/** Twilio's inbound parameters, for the document; the route accepts any others Twilio adds. */
export class TwilioInboundSmsParamsDto {
  @ApiProperty({ example: 'SM0123456789abcdef0123456789abcdef' }) MessageSid!: string;
  @ApiProperty({ example: '+15035550142' }) From!: string;
  @ApiProperty({ example: '+15035550100' }) To!: string;
  @ApiProperty() Body!: string;
  @ApiPropertyOptional({ example: '1' }) NumSegments?: string;
  @ApiPropertyOptional({ enum: ['STOP', 'START', 'HELP'] }) OptOutType?: string;
  @ApiPropertyOptional() AccountSid?: string;
  @ApiPropertyOptional({ example: '0' }) NumMedia?: string;
  @ApiPropertyOptional({ example: 'received' }) SmsStatus?: string;
}
