import { Command } from '@nestjs/cqrs';

export interface InboundPauseState {
  firmId: string;
  phoneNumber: string;
  inboundPaused: boolean;
}

/** Support's switch: silences the firm's inbound SMS without releasing its number. */
export class SetInboundPausedCommand extends Command<InboundPauseState> {
  constructor(
    readonly firmId: string,
    readonly paused: boolean,
  ) {
    super();
  }
}
