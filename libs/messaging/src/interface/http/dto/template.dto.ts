import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MERGE_FIELDS } from '../../../domain/template';

export class CreateTemplateDto {
  @ApiProperty({ example: 'Return ready', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    example:
      'Hi {{client.firstName}}, your return is ready to sign. – {{member.firstName}}, {{firm.name}}',
    maxLength: 1600,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1600)
  body!: string;
}

export class UpdateTemplateDto {
  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 1600 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1600)
  body?: string;
}

export class TemplateDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ enum: MERGE_FIELDS, isArray: true }) fields!: string[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class TemplateListDto {
  @ApiProperty({ type: TemplateDto, isArray: true }) items!: TemplateDto[];
}

export class RenderTemplateDto {
  @ApiProperty()
  @IsUUID()
  clientId!: string;
}

export class RenderedTemplateDto {
  @ApiProperty({
    description: 'The text that will be sent (the one-time disclosure is added on a first text)',
  })
  body!: string;
  @ApiProperty({ enum: ['GSM-7', 'UCS-2'] }) encoding!: string;
  @ApiProperty({ description: 'Segments, counting the disclosure when it will be appended' })
  segments!: number;
  @ApiProperty({ enum: MERGE_FIELDS, isArray: true }) missingFields!: string[];
  @ApiProperty() willIncludeDisclosure!: boolean;
}

export class ContactCardSmsDto {
  @ApiProperty({ example: '+15035550142' }) phoneNumber!: string;
  @ApiProperty({ example: '(503) 555-0142' }) display!: string;
}

export class ContactCardDto {
  @ApiProperty() firmName!: string;
  @ApiProperty({ type: ContactCardSmsDto, nullable: true }) sms!: ContactCardSmsDto | null;
}
