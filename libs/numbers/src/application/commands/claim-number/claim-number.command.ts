import { Command } from '@nestjs/cqrs';
import type { ActiveNumberCard } from '../../views/number-card';

/** Buys `phoneNumber` from the carrier for the firm and makes it the firm's active number. */
export class ClaimNumberCommand extends Command<ActiveNumberCard> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly phoneNumber: string,
  ) {
    super();
  }
}
