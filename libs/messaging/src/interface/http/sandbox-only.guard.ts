import { CanActivate, Injectable } from '@nestjs/common';
import { NotFoundError } from '@app/kernel';
import { AppConfig } from '@app/platform';

/** Sandbox routes do not exist with a real carrier: 404 before the body is even read. */
@Injectable()
export class SandboxOnlyGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(): boolean {
    if (this.config.carrier !== 'sandbox') throw new NotFoundError('Route');
    return true;
  }
}
