import type { Provider, Type } from '@nestjs/common';
import { OutboundMessageRepository } from '../../infrastructure/persistence/outbound-message.repository';
import { smsCarrierProviders } from '../../infrastructure/carrier/sms-carrier.provider';
import { OutboundMessagesController } from '../../interface/http/outbound-messages.controller';
import { TwilioStatusWebhookController } from '../../interface/http/twilio-status-webhook.controller';
import { ApplyDeliveryStatusHandler } from './apply-delivery-status.handler';
import { ConsentOnDeliveryFailure } from './consent-on-delivery-failure';
import { OutboundContextLoader } from './outbound-context.loader';
import { PreviewSmsHandler } from './preview-sms.query';
import { SendMessageHandler } from './send-message.handler';
import { GetSmsAvailabilityHandler } from './sms-availability.query';
import { SmsDispatchWorker } from './sms-dispatch.worker';
import { SENDER_ROUTES } from '../ports/sender-routes.port';
import { SenderRoute } from './sender-route';
import { SmsDispatcher } from './sms-dispatcher';

/** Sending, dispatch, delivery status, availability and preview. */
export const outboundProviders: Provider[] = [
  SendMessageHandler,
  ApplyDeliveryStatusHandler,
  ConsentOnDeliveryFailure,
  GetSmsAvailabilityHandler,
  PreviewSmsHandler,
  OutboundContextLoader,
  OutboundMessageRepository,
  SenderRoute,
  { provide: SENDER_ROUTES, useExisting: SenderRoute },
  SmsDispatcher,
  SmsDispatchWorker,
  ...smsCarrierProviders,
];
export const outboundControllers: Type[] = [
  OutboundMessagesController,
  TwilioStatusWebhookController,
];
