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

/**
 * Which firm an inbound `To` belongs to: the active number equal to it, or null. With
 * `remembered` (and a transaction), the answer may be what this process read before, without
 * reading it again: the transaction then checks it with its COMMIT, which fails
 * (`isFirmNumberChanged`) if the number was released or paused, or changed hands, since; the
 * process forgets it on the rollback, so running the transaction again reads it afresh.
 */
export class FindFirmByNumberQuery extends Query<FirmNumber | null> {
  constructor(
    readonly phoneNumber: string,
    readonly tx?: EntityManager,
    readonly remembered = false,
  ) {
    super();
  }
}

/** A transaction failed because a firm's number it relied on changed (see FindFirmByNumberQuery). */
export function isFirmNumberChanged(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'AP001';
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
