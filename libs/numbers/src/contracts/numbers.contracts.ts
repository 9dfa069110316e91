import { Query } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';

/** The firm's active number as other contexts need it. */
export interface FirmNumber {
  firmId: string;
  phoneNumber: string;
  carrierId: string;
  connectedAt: string;
  inboundPaused: boolean;
}

/** The firm's active number, or null when it has none. */
export class GetFirmNumberQuery extends Query<FirmNumber | null> {
  constructor(
    readonly firmId: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

/** Which firm an inbound `To` belongs to: the active number equal to it, or null. */
export class FindFirmByNumberQuery extends Query<FirmNumber | null> {
  constructor(
    readonly phoneNumber: string,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}

export class NumberClaimed {
  readonly eventName = 'numbers.number_claimed';
  constructor(
    readonly firmId: string,
    readonly phoneNumber: string,
    readonly actorId: string,
    readonly occurredAt: string,
  ) {}
}

export class NumberReleased {
  readonly eventName = 'numbers.number_released';
  constructor(
    readonly firmId: string,
    readonly phoneNumber: string,
    readonly actorId: string,
    readonly occurredAt: string,
  ) {}
}
