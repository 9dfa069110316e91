import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  DEFAULT_SMS_CONSENT,
  GetSmsConsentQuery,
  SmsConsentState,
} from '../contracts/sms-consent.contracts';
import { readSql } from '@app/platform';

@QueryHandler(GetSmsConsentQuery)
export class GetSmsConsentHandler implements IQueryHandler<
  GetSmsConsentQuery,
  Record<string, SmsConsentState>
> {
  constructor(private readonly em: EntityManager) {}

  async execute(query: GetSmsConsentQuery): Promise<Record<string, SmsConsentState>> {
    const result: Record<string, SmsConsentState> = {};
    if (query.clientIds.length === 0) return result;
    // Read on every send (and for every page of clients): plain SQL, no hydration.
    const rows = await readSql<{
      client_id: string;
      opted_out: boolean;
      opted_out_at: Date | null;
      disclosure_sent_at: Date | null;
    }>(
      query.tx ?? this.em.fork(),
      `select client_id, opted_out, opted_out_at, disclosure_sent_at from client_sms_consent
        where firm_id = $1 and client_id = any($2::uuid[])`,
      [query.firmId, query.clientIds],
    );
    for (const id of query.clientIds) result[id] = { ...DEFAULT_SMS_CONSENT };
    for (const row of rows) {
      result[row.client_id] = {
        optedOut: row.opted_out,
        // When the opt-out in force began; the history of earlier ones is the activity log's.
        optedOutAt:
          row.opted_out && row.opted_out_at ? new Date(row.opted_out_at).toISOString() : null,
        disclosureSentAt: row.disclosure_sent_at
          ? new Date(row.disclosure_sent_at).toISOString()
          : null,
      };
    }
    return result;
  }
}
