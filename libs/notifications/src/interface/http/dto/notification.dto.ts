import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '@app/platform';
import { NOTIFICATION_TYPES, NotificationType } from '../../../domain/notification-type';

export class NotificationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only notifications not yet read', type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type!: NotificationType;
  @ApiProperty({ example: 'New text from Ana Ortiz' }) title!: string;
  @ApiProperty({ description: 'A sentence about the event; never the text of the SMS' })
  body!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) clientId!: string | null;
  @ApiProperty({ format: 'uuid' }) messageId!: string;
  @ApiProperty({ description: 'Path of the web app to open', example: '/inbox/2b1c…' })
  link!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
