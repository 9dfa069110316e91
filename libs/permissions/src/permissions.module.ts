import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '@app/platform';
import { AccessGuard } from './interface/http/access.guard';
import { CanPerformHandler } from './application/can-perform.handler';

@Module({
  imports: [
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: '12h', issuer: 'assure-pro-sms' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'assure-pro-sms' },
      }),
    }),
  ],
  providers: [AccessGuard, CanPerformHandler],
  exports: [AccessGuard],
})
export class PermissionsModule {}
