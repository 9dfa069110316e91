import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  REGISTRATION_STEP_NAMES,
  type RegistrationStatus,
  type RegistrationStepName,
  type RegistrationStepStatus,
} from '../../../contracts/registration.contracts';
import {
  BUSINESS_TYPES,
  INDUSTRIES,
  USE_CASES,
} from '../../../domain/registration/registration-rules';

// Shapes and sizes only: the carrier's rules are checked all at once by the domain, which also
// needs the firm's name (sample messages must mention it).

export class RegistrationAddressDto {
  @ApiProperty({ example: '1200 SW Main St, Suite 400' })
  @IsString()
  @MaxLength(300)
  street!: string;
  @ApiProperty({ example: 'Portland' }) @IsString() @MaxLength(200) city!: string;
  @ApiProperty({ example: 'OR', description: 'Two-letter US state code' })
  @IsString()
  @MaxLength(10)
  region!: string;
  @ApiProperty({ example: '97201' }) @IsString() @MaxLength(20) postalCode!: string;
  @ApiProperty({ example: 'US', enum: ['US'] }) @IsString() @MaxLength(10) country!: string;
}

export class RegistrationBusinessDto {
  @ApiProperty({ example: 'Hill & Dale CPAs LLC' })
  @IsString()
  @MaxLength(300)
  legalName!: string;
  @ApiProperty({
    example: '98-7654321',
    description: 'NN-NNNNNNN when sent; every answer shows it masked as **-***6789',
  })
  @IsString()
  @MaxLength(20)
  ein!: string;
  @ApiProperty({ enum: BUSINESS_TYPES }) @IsString() @MaxLength(100) businessType!: string;
  @ApiProperty({ enum: INDUSTRIES, example: 'FINANCIAL' })
  @IsString()
  @MaxLength(100)
  industry!: string;
  @ApiProperty({ example: 'https://www.hillanddale.example' })
  @IsString()
  @MaxLength(500)
  website!: string;
  @ApiProperty({ type: RegistrationAddressDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationAddressDto)
  address!: RegistrationAddressDto;
}

export class RegistrationContactDto {
  @ApiProperty({ example: 'Dana' }) @IsString() @MaxLength(200) firstName!: string;
  @ApiProperty({ example: 'Hill' }) @IsString() @MaxLength(200) lastName!: string;
  @ApiProperty({ example: 'dana@hillanddale.example' })
  @IsString()
  @MaxLength(300)
  email!: string;
  @ApiProperty({ example: '+15035550100' }) @IsString() @MaxLength(40) phone!: string;
  @ApiProperty({ example: 'Managing Partner' }) @IsString() @MaxLength(200) jobTitle!: string;
}

export class RegistrationCampaignDto {
  @ApiProperty({ enum: USE_CASES, example: 'ACCOUNT_NOTIFICATION' })
  @IsString()
  @MaxLength(100)
  useCase!: string;
  @ApiProperty({ minLength: 40, maxLength: 4096 })
  @IsString()
  @MaxLength(5000)
  description!: string;
  @ApiProperty({ minLength: 40, maxLength: 2048, description: 'How clients opt in' })
  @IsString()
  @MaxLength(5000)
  messageFlow!: string;
  @ApiProperty({
    type: String,
    isArray: true,
    minItems: 2,
    maxItems: 5,
    description: '20–1024 characters each, naming the firm; at least one with opt-out language',
  })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  sampleMessages!: string[];
  @ApiProperty() @IsBoolean() hasEmbeddedLinks!: boolean;
  @ApiProperty() @IsBoolean() hasEmbeddedPhone!: boolean;
}

export class SubmitRegistrationDto {
  @ApiProperty({ type: RegistrationBusinessDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationBusinessDto)
  business!: RegistrationBusinessDto;

  @ApiProperty({ type: RegistrationContactDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationContactDto)
  contact!: RegistrationContactDto;

  @ApiProperty({ type: RegistrationCampaignDto })
  @IsObject()
  @ValidateNested()
  @Type(() => RegistrationCampaignDto)
  campaign!: RegistrationCampaignDto;
}

export class RegistrationStepDto {
  @ApiProperty({ enum: REGISTRATION_STEP_NAMES }) name!: RegistrationStepName;
  @ApiProperty({ enum: ['pending', 'in_progress', 'in_review', 'approved', 'failed'] })
  status!: RegistrationStepStatus;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The carrier’s reason when failed; what is awaited otherwise',
  })
  detail!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt!: string | null;
}

export class RegistrationDto {
  @ApiProperty({ enum: ['not_started', 'in_progress', 'approved', 'failed'] })
  status!: RegistrationStatus;
  @ApiProperty({ type: RegistrationStepDto, isArray: true }) steps!: RegistrationStepDto[];
  @ApiProperty({
    type: SubmitRegistrationDto,
    nullable: true,
    description: 'The last form sent, with the EIN masked (**-***6789)',
  })
  submitted!: SubmitRegistrationDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
}
