import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { OutboundContextLoader } from './outbound-context.loader';
import { UnavailableReason, unavailableReason } from './send-eligibility';

export interface SmsAvailability {
  available: boolean;
  reason: UnavailableReason | null;
}

/** What the compose box shows for a client: can the caller text them now, and if not, why. */
export class GetSmsAvailabilityQuery extends Query<SmsAvailability> {
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    /** Whether the caller holds `messages.send`. */
    readonly callerCanSend: boolean,
  ) {
    super();
  }
}

@QueryHandler(GetSmsAvailabilityQuery)
export class GetSmsAvailabilityHandler implements IQueryHandler<
  GetSmsAvailabilityQuery,
  SmsAvailability
> {
  constructor(private readonly context: OutboundContextLoader) {}

  async execute(query: GetSmsAvailabilityQuery): Promise<SmsAvailability> {
    // Loaded first even for callers who cannot send, so another firm's client is still a 404.
    const ctx = await this.context.load(query.firmId, query.clientId);
    const reason = unavailableReason({
      canSend: query.callerCanSend,
      hasFirmNumber: ctx.firmNumber !== null,
      clientPhone: ctx.client.phone,
      optedOut: ctx.consent.optedOut,
    });
    return { available: reason === null, reason };
  }
}
