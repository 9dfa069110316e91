import { Command } from '@nestjs/cqrs';
import type { MessageView } from './message-view';

/** A text as the carrier handed it over (raw values; normalised by the handler). */
export interface CarrierInboundSms {
  /** Twilio's `MessageSid`: what makes a retried webhook store one message. */
  messageSid: string;
  from: string;
  to: string;
  body: string;
  /** Twilio's `NumSegments`; counted from the body when absent. */
  numSegments: number | null;
  /** Twilio's Advanced Opt-Out verdict: STOP, START or HELP. */
  optOutType: string | null;
}

export type InboundReceipt =
  | { outcome: 'stored'; message: MessageView; reply: string | null }
  | { outcome: 'repeat' | 'unknown_number'; message: null; reply: null };

/** The one inbound path: the carrier's webhook and the sandbox both end here. */
export class ReceiveInboundMessageCommand extends Command<InboundReceipt> {
  constructor(readonly sms: CarrierInboundSms) {
    super();
  }
}
