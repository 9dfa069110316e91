import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { NotFoundError, displayPhone } from '@app/kernel';
import { GetClientContactQuery } from '@app/directory';
import {
  DEFAULT_SMS_CONSENT,
  GetSmsConsentQuery,
  SmsConsentState,
} from '../contracts/sms-consent.contracts';

/** A client as the client routes show it, with its SMS consent state. */
export interface ConsentClientView {
  id: string;
  name: string;
  phone: string | null;
  phoneDisplay: string | null;
  email: string | null;
  sms: SmsConsentState;
}

export class GetConsentClientQuery extends Query<ConsentClientView> {
  constructor(
    readonly firmId: string,
    readonly clientId: string,
  ) {
    super();
  }
}

@QueryHandler(GetConsentClientQuery)
export class GetConsentClientHandler implements IQueryHandler<
  GetConsentClientQuery,
  ConsentClientView
> {
  constructor(private readonly queries: QueryBus) {}

  async execute({ firmId, clientId }: GetConsentClientQuery): Promise<ConsentClientView> {
    const client = await this.queries.execute(new GetClientContactQuery(firmId, clientId));
    if (!client) throw new NotFoundError('Client');
    const consent = await this.queries.execute(new GetSmsConsentQuery(firmId, [client.id]));
    return {
      id: client.id,
      name: client.name,
      phone: client.phone,
      phoneDisplay: client.phone ? displayPhone(client.phone) : null,
      email: client.email,
      sms: consent[client.id] ?? { ...DEFAULT_SMS_CONSENT },
    };
  }
}
