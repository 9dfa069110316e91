import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  DEFAULT_SMS_CONSENT,
  GetSmsConsentQuery,
  SmsConsentState,
} from '../contracts/sms-consent.contracts';
import { ClientSmsConsentEntity } from '../infrastructure/persistence/client-sms-consent.entity';

@QueryHandler(GetSmsConsentQuery)
export class GetSmsConsentHandler implements IQueryHandler<
  GetSmsConsentQuery,
  Record<string, SmsConsentState>
> {
  constructor(private readonly em: EntityManager) {}

  async execute(query: GetSmsConsentQuery): Promise<Record<string, SmsConsentState>> {
    const result: Record<string, SmsConsentState> = {};
    if (query.clientIds.length === 0) return result;
    const em = query.tx ?? this.em.fork();
    const rows = await em.find(ClientSmsConsentEntity, {
      firmId: query.firmId,
      clientId: { $in: query.clientIds },
    });
    for (const id of query.clientIds) result[id] = { ...DEFAULT_SMS_CONSENT };
    for (const row of rows) {
      result[row.clientId] = {
        optedOut: row.optedOut,
        optedOutAt: row.optedOutAt?.toISOString() ?? null,
        disclosureSentAt: row.disclosureSentAt?.toISOString() ?? null,
      };
    }
    return result;
  }
}
