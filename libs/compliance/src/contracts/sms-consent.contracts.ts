import { Query } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';

export interface SmsConsentState {
  optedOut: boolean;
  optedOutAt: string | null;
  disclosureSentAt: string | null;
}

export const DEFAULT_SMS_CONSENT: SmsConsentState = {
  optedOut: false,
  optedOutAt: null,
  disclosureSentAt: null,
};

/** The consent state of each client asked for; clients never seen answer the default. */
export class GetSmsConsentQuery extends Query<Record<string, SmsConsentState>> {
  constructor(
    readonly firmId: string,
    readonly clientIds: string[],
    readonly tx?: EntityManager,
  ) {
    super();
  }
}
