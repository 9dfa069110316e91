import { ApiProperty } from '@nestjs/swagger';
import { MessageDto } from './outbound.dto';

export class MessagePageDto {
  @ApiProperty({ type: MessageDto, isArray: true }) items!: MessageDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class ThreadDto {
  @ApiProperty() clientId!: string;
  @ApiProperty() clientName!: string;
  @ApiProperty({ type: MessageDto }) lastMessage!: MessageDto;
  @ApiProperty({ description: 'Texts from the client the caller has not read' })
  unreadCount!: number;
}

export class ThreadPageDto {
  @ApiProperty({ type: ThreadDto, isArray: true }) items!: ThreadDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
