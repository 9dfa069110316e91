import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsObject, ValidateNested } from 'class-validator';

export class SmsReplyPreferencesDto {
  @ApiProperty({ description: 'Show a notification in the app' })
  @IsBoolean()
  inApp!: boolean;

  @ApiProperty({ description: 'Send an email alert' })
  @IsBoolean()
  email!: boolean;
}

/** How the caller hears about client texts; PUT takes exactly this shape. */
export class NotificationPreferencesDto {
  @ApiProperty({ type: SmsReplyPreferencesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => SmsReplyPreferencesDto)
  smsReply!: SmsReplyPreferencesDto;
}
