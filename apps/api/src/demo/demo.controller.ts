import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DemoSeeder } from '@app/directory';
import { AppConfig } from '@app/platform';
import { Public } from '@app/permissions';

class DemoLoginDto {
  @ApiProperty({ example: 'owner@demo.assurepro.test' }) email!: string;
  @ApiProperty() password!: string;
  @ApiProperty({ enum: ['owner', 'admin', 'staff', 'viewer'] }) role!: string;
  @ApiProperty({ example: 'Dana Hill' }) name!: string;
}

class DemoDto {
  @ApiProperty({ description: 'True while the embedded database holds the seeded demo firm.' })
  demo!: boolean;
  @ApiProperty({ type: [DemoLoginDto] }) logins!: DemoLoginDto[];
  @ApiProperty({
    enum: ['sandbox', 'twilio'],
    description: 'The carrier in use; with the sandbox a person can play the client from a thread.',
  })
  carrier!: 'sandbox' | 'twilio';
}

/** Lets the sign-in page offer the demo firm's logins while demo mode is on, and names the carrier. */
@ApiTags('Identity')
@Controller('api/demo')
export class DemoController {
  constructor(
    private readonly seeder: DemoSeeder,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Whether demo mode is on, and its sign-in details' })
  @ApiOkResponse({ type: DemoDto })
  demo(): DemoDto {
    const logins = this.seeder.demoLogins();
    const carrier = this.config.carrier;
    return logins
      ? {
          demo: true,
          carrier,
          logins: logins.map(({ email, password, role, name }) => ({
            email,
            password,
            role,
            name,
          })),
        }
      : { demo: false, logins: [], carrier };
  }
}
