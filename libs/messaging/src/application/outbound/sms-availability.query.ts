import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { GetRegistrationStatusQuery } from '@app/numbers';
import { OutboundContextLoader } from './outbound-context.loader';
import { UnavailableReason, unavailableReason } from './send-eligibility';

export interface SmsAvailability {
  available: boolean;
  reason: UnavailableReason | null;
  /**
   * Sending is possible but likely to be blocked: `registration_not_approved` while the firm's
   * A2P 10DLC registration is not approved and US carriers filter its number (error 30034).
   */
  warning: 'registration_not_approved' | null;
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
  constructor(
    private readonly context: OutboundContextLoader,
    private readonly queries: QueryBus,
  ) {}

  async execute(query: GetSmsAvailabilityQuery): Promise<SmsAvailability> {
    // Loaded first even for callers who cannot send, so another firm's client is still a 404.
    const ctx = await this.context.load(query.firmId, query.clientId);
    const reason = unavailableReason({
      canSend: query.callerCanSend,
      hasFirmNumber: ctx.firmNumber !== null,
      clientPhone: ctx.client.phone,
      optedOut: ctx.consent.optedOut,
    });
    if (reason !== null) return { available: false, reason, warning: null };
    const registration = await this.queries.execute(new GetRegistrationStatusQuery(query.firmId));
    const warning = registration.sendingMayBeBlocked ? 'registration_not_approved' : null;
    return { available: true, reason: null, warning };
  }
}
