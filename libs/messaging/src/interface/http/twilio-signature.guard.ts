import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/kernel';
import { AppConfig } from '@app/platform';
import { isValidTwilioSignature } from '../../infrastructure/carrier/twilio-signature';

export class InvalidSignatureError extends DomainError {
  readonly code = 'invalid_signature';
  readonly kind = 'forbidden' as const;
  constructor() {
    super('The request signature is missing or does not match.');
  }
}

/** Carrier webhooks carry no bearer token; a valid Twilio signature is what admits them. */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  private readonly logger = new Logger('TwilioWebhook');

  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers['x-twilio-signature'];
    const signature = Array.isArray(header) ? header[0] : header;
    const path = request.url;
    const url = `${this.config.publicBaseUrl}${path}`;
    const params = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
      string,
      unknown
    >;
    if (!isValidTwilioSignature(this.config.twilio.authToken, signature, url, params)) {
      this.logger.warn({
        msg: 'webhook refused: bad signature',
        path: request.routeOptions?.url,
        reqId: request.id,
      });
      throw new InvalidSignatureError();
    }
    return true;
  }
}
