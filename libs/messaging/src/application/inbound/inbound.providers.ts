import type { Provider, Type } from '@nestjs/common';
import { ReceiveInboundMessageHandler } from './receive-inbound-message.handler';
import { SimulateInboundMessageHandler } from './simulate-inbound-message.handler';
import { AssignUnmatchedMessageHandler } from './assign-unmatched-message.handler';
import { ListUnmatchedHandler } from './list-unmatched.query';
import { InboundClientMatcher } from './inbound-client-matcher';
import { InboundMessageStore } from './inbound-message.store';
import { TwilioInboundWebhookController } from '../../interface/http/twilio-inbound-webhook.controller';
import { SandboxInboundController } from '../../interface/http/sandbox-inbound.controller';
import { UnmatchedController } from '../../interface/http/unmatched.controller';

const commandHandlers = [
  ReceiveInboundMessageHandler,
  SimulateInboundMessageHandler,
  AssignUnmatchedMessageHandler,
];
const queryHandlers = [ListUnmatchedHandler];
const adapters = [InboundClientMatcher, InboundMessageStore];

/** Inbound webhook, client matching, Unmatched triage and the sandbox inbound route. */
export const inboundProviders: Provider[] = [...commandHandlers, ...queryHandlers, ...adapters];
export const inboundControllers: Type[] = [
  TwilioInboundWebhookController,
  SandboxInboundController,
  UnmatchedController,
];
