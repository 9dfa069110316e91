import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError, isUuid } from '@app/kernel';
import { ClientContact, GetClientContactQuery, GetFirmQuery } from '@app/directory';
import { GetFirmNumberQuery } from '@app/numbers';
import { DEFAULT_SMS_CONSENT, GetSmsConsentQuery, SmsConsentState } from '@app/compliance';

/** Everything the other contexts know that decides whether and how a client can be texted. */
export interface OutboundContext {
  client: ClientContact;
  firmNumber: string | null;
  consent: SmsConsentState;
}

/**
 * Gathers the send decision's facts through the other contexts' queries. With `tx` every read
 * runs on the sender's transaction (one connection, sent together), which is what keeps the decision
 * and the write consistent and the embedded database from waiting on itself.
 */
@Injectable()
export class OutboundContextLoader {
  constructor(private readonly queries: QueryBus) {}

  /** Throws NotFoundError for a client of another firm (or none). */
  async load(firmId: string, clientId: string, tx?: EntityManager): Promise<OutboundContext> {
    if (!isUuid(clientId)) throw new NotFoundError('Client');
    // Asked together: on a transaction the three reads share one round trip.
    const [client, number, consent] = await Promise.all([
      this.queries.execute(new GetClientContactQuery(firmId, clientId, tx)),
      this.queries.execute(new GetFirmNumberQuery(firmId, tx)),
      this.queries.execute(new GetSmsConsentQuery(firmId, [clientId], tx)),
    ]);
    if (!client) throw new NotFoundError('Client');
    return {
      client,
      firmNumber: number?.phoneNumber ?? null,
      consent: consent[clientId] ?? DEFAULT_SMS_CONSENT,
    };
  }

  /** The firm's name, which only the consent disclosure needs: read for a client's first text. */
  async firmName(firmId: string, tx?: EntityManager): Promise<string> {
    return (await this.queries.execute(new GetFirmQuery(firmId, tx)))?.name ?? '';
  }
}
