import { createSecretKey } from 'node:crypto';
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
        // A key object made once: given the string, jsonwebtoken first tries (and fails) to
        // parse it as a PEM public key on every verification, ~6% of an API request's CPU.
        secret: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
        signOptions: { algorithm: 'HS256', expiresIn: '12h', issuer: 'assure-pro-sms' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'assure-pro-sms' },
      }),
    }),
  ],
  providers: [AccessGuard, CanPerformHandler],
  exports: [AccessGuard],
})
export class PermissionsModule {}
