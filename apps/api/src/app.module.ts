import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule, PlatformOptions, ProblemDetailsFilter } from '@app/platform';
import { AccessGuard, PermissionsModule } from '@app/permissions';
import { DirectoryModule } from '@app/directory';
import { NumbersModule } from '@app/numbers';
import { MessagingModule } from '@app/messaging';
import { ComplianceModule } from '@app/compliance';
import { NotificationsModule } from '@app/notifications';
import { ActivityModule } from '@app/activity';
import { HealthController } from './health/health.controller';
import { DemoController } from './demo/demo.controller';

/** The whole product in one deployable: every context, the platform and the HTTP edge. */
@Module({})
export class AppModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(options),
        CqrsModule.forRoot(),
        PermissionsModule,
        DirectoryModule,
        ComplianceModule,
        NumbersModule,
        MessagingModule,
        NotificationsModule,
        ActivityModule,
      ],
      controllers: [HealthController, DemoController],
      providers: [
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
