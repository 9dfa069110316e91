import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { USAGE_MONTH } from '../../../application/usage/usage-month';

export class UsageQueryDto {
  @ApiPropertyOptional({
    description: 'A UTC calendar month, YYYY-MM; the current one when omitted',
    example: '2026-11',
  })
  @IsOptional()
  @IsString()
  @Matches(USAGE_MONTH, { message: 'month must be a month as YYYY-MM' })
  month?: string;
}

export class UsageCountsDto {
  @ApiProperty() messages!: number;
  @ApiProperty() segments!: number;
}

export class SmsUsageDto {
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ type: UsageCountsDto, description: 'Only texts the carrier accepted' })
  outbound!: UsageCountsDto;
  @ApiProperty({ type: UsageCountsDto }) inbound!: UsageCountsDto;
  @ApiProperty() allowanceSegments!: number;
  @ApiProperty({ description: 'max(0, outbound + inbound segments − allowance)' })
  overageSegments!: number;
  @ApiProperty() estimatedOverageCents!: number;
}
