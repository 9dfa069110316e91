import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class SmsOptOutDto {
  @ApiPropertyOptional({
    description: 'What the client said, for the audit trail',
    example: 'Asked on the phone not to be texted any more',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class SmsConsentStateDto {
  @ApiProperty() optedOut!: boolean;
  @ApiProperty({ type: String, nullable: true }) optedOutAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) disclosureSentAt!: string | null;
}

export class OptedOutClientDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, example: '+15035550142' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '(503) 555-0142' })
  phoneDisplay!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: SmsConsentStateDto }) sms!: SmsConsentStateDto;
}
