import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '@app/platform';
import { ACTIVITY_TYPES } from '../../../domain/activity-type';
import type { ActivityType } from '../../../domain/activity-type';

export class ActivityQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'A type, or a prefix of types ending in * (sms.message.*)',
    example: 'sms.message.*',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  type?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  clientId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member who acted' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  actorId?: string;

  @ApiPropertyOptional({
    description: 'ISO-8601; entries at or after it (no offset means UTC)',
    example: '2026-11-01T00:00:00Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({
    description: 'ISO-8601; entries at or before it (no offset means UTC)',
    example: '2026-11-30T23:59:59.999Z',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;
}

export class ActivityEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ACTIVITY_TYPES }) type!: ActivityType;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actorId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) clientId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) messageId!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Facts of the entry by type (numbers, keywords, error codes); never a message body',
  })
  data!: Record<string, string | number | boolean | null>;
}

export class ActivityPageDto {
  @ApiProperty({ type: [ActivityEntryDto] }) items!: ActivityEntryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
