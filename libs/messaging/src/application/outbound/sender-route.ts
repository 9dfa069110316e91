import { Injectable, OnModuleInit } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { BoundedMap, Clock } from '@app/kernel';
import { IntegrationEventBus } from '@app/platform';
import { GetMessagingServiceQuery } from '@app/numbers';
import type { SenderRoutes } from '../ports/sender-routes.port';

/** How long a firm's route is reused before it is looked up again. */
const TTL_MS = 15_000;
/** Bounds memory with many firms; the oldest entries go first. */
const MAX_FIRMS = 10_000;

/**
 * Which Messaging Service (`MG…`) a firm's texts go through, once its A2P registration is
 * approved and its number sits in the service; null sends `From` the number. Dispatch asks for
 * every text, so the answer is kept per firm for a few seconds and dropped at once when this
 * process sees the registration approved or the number change. Another process sees such a
 * change within the TTL; until then it sends `From` the same number, which the carrier accepts.
 */
@Injectable()
export class SenderRoute implements SenderRoutes, OnModuleInit {
  private readonly routes = new BoundedMap<string, { service: string | null; until: number }>(
    MAX_FIRMS,
  );

  constructor(
    private readonly queries: QueryBus,
    private readonly bus: IntegrationEventBus,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    const forget = (event: { firmId: string }) => {
      this.routes.delete(event.firmId);
      return Promise.resolve();
    };
    this.bus.subscribe('numbers.registration_approved', forget);
    this.bus.subscribe('numbers.number_claimed', forget);
    this.bus.subscribe('numbers.number_released', forget);
  }

  async messagingServiceOf(firmId: string): Promise<string | null> {
    const now = this.clock.now().getTime();
    const known = this.routes.get(firmId);
    if (known && known.until > now) return known.service;
    const service = await this.queries.execute(new GetMessagingServiceQuery(firmId));
    this.routes.set(firmId, { service, until: now + TTL_MS });
    return service;
  }

  forget(firmId: string): void {
    this.routes.delete(firmId);
  }
}
