import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class SearchNumbersQueryDto {
  @ApiPropertyOptional({ example: '503', description: 'A US area code: exactly 3 digits' })
  // `?areaCode=` (blank) means any area code, as the search box sends it when left empty.
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @IsString({ message: 'areaCode must be exactly 3 digits' })
  @Matches(/^\d{3}$/, { message: 'areaCode must be exactly 3 digits' })
  areaCode?: string;
}

export class AvailableNumberDto {
  @ApiProperty({ example: '+15035550142' }) phoneNumber!: string;
  @ApiProperty({ example: '(503) 555-0142' }) display!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Portland' }) locality!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'OR' }) region!: string | null;
}

export class AvailableNumbersDto {
  @ApiProperty({ type: AvailableNumberDto, isArray: true, maxItems: 10 })
  numbers!: AvailableNumberDto[];
}

export class ClaimNumberDto {
  @ApiProperty({ example: '+15035550142', description: 'One of the numbers a search offered' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  phoneNumber!: string;
}

export class ReleaseNumberDto {
  @ApiProperty({ example: '+15035550142', description: 'Must name the active number' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  confirmPhoneNumber!: string;
}

export class NumberRegistrationDto {
  @ApiProperty({ enum: ['not_started', 'in_progress', 'approved', 'failed'] }) status!: string;
  @ApiProperty({
    description:
      'US carriers likely block texts from the number until the A2P 10DLC registration is approved',
  })
  sendingMayBeBlocked!: boolean;
}

export class NoNumberDto {
  @ApiProperty({ enum: ['none'] }) state!: 'none';
}

export class ActiveNumberDto {
  @ApiProperty({ enum: ['active'] }) state!: 'active';
  @ApiProperty({ example: '+15035550142' }) phoneNumber!: string;
  @ApiProperty({ example: '(503) 555-0142' }) display!: string;
  @ApiProperty({ enum: ['active'] }) status!: 'active';
  @ApiProperty({ format: 'date-time' }) connectedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastOutboundAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' })
  lastActivityAt!: string | null;
  @ApiProperty() inboundPaused!: boolean;
  @ApiProperty({ type: NumberRegistrationDto }) registration!: NumberRegistrationDto;
}

/** `{ state: "none" }`, or every field of the active number. */
export class NumberCardDto {
  @ApiProperty({ enum: ['none', 'active'] }) state!: 'none' | 'active';
  @ApiPropertyOptional({ example: '+15035550142' }) phoneNumber?: string;
  @ApiPropertyOptional({ example: '(503) 555-0142' }) display?: string;
  @ApiPropertyOptional({ enum: ['active'] }) status?: 'active';
  @ApiPropertyOptional({ format: 'date-time' }) connectedAt?: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  lastOutboundAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' })
  lastActivityAt?: string | null;
  @ApiPropertyOptional() inboundPaused?: boolean;
  @ApiPropertyOptional({ type: NumberRegistrationDto }) registration?: NumberRegistrationDto;
}

export class SmsInboundDto {
  @ApiProperty({ description: 'true silences inbound SMS without releasing the number' })
  @IsBoolean()
  paused!: boolean;
}

export class SmsInboundStateDto {
  @ApiProperty() firmId!: string;
  @ApiProperty({ example: '+15035550142' }) phoneNumber!: string;
  @ApiProperty() inboundPaused!: boolean;
}
