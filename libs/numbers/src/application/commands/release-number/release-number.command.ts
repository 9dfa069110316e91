import { Command } from '@nestjs/cqrs';
import type { NoNumberCard } from '../../views/number-card';

/** Gives the firm's active number back to the carrier; `confirmPhoneNumber` must name it. */
export class ReleaseNumberCommand extends Command<NoNumberCard> {
  constructor(
    readonly firmId: string,
    readonly actorId: string,
    readonly confirmPhoneNumber: string,
  ) {
    super();
  }
}
