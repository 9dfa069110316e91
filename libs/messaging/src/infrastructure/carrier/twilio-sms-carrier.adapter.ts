import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  AppConfig,
  classifyTwilioError,
  createTwilioClient,
  TWILIO_CLIENT_OPTIONS,
  type TwilioClient,
  type TwilioClientOptions,
} from '@app/platform';
import type {
  CarrierAcceptance,
  OutboundSms,
  SmsCarrier,
} from '../../application/ports/sms-carrier.port';

/** Hands one text to Twilio; delivery news arrives later on the status callback. */
@Injectable()
export class TwilioSmsCarrier implements SmsCarrier {
  private client: TwilioClient | null = null;

  constructor(
    private readonly config: AppConfig,
    @Optional()
    @Inject(TWILIO_CLIENT_OPTIONS)
    private readonly options: TwilioClientOptions = {},
  ) {}

  async send(sms: OutboundSms): Promise<CarrierAcceptance> {
    try {
      const sender = sms.messagingServiceSid
        ? { messagingServiceSid: sms.messagingServiceSid }
        : { from: sms.from };
      const message = await this.twilio().messages.create({
        to: sms.to,
        ...sender,
        body: sms.body,
        statusCallback: sms.statusCallbackUrl,
      });
      return {
        carrierMessageId: message.sid,
        status: message.status,
        // Twilio sends the count as a string, e.g. "2".
        segments: Number(message.numSegments) || null,
      };
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }

  /** Built on first use, so a process running the sandbox carrier never needs Twilio credentials. */
  private twilio(): TwilioClient {
    this.client ??= createTwilioClient(this.config, this.options);
    return this.client;
  }
}
