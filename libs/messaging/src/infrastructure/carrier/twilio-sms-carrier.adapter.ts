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

/** How many of the recipient's latest texts a look-up reads: one page. */
const LOOKUP_LIMIT = 50;
/** Twilio's clock against ours, and the seconds its dates drop. */
const CLOCK_SKEW_MS = 120_000;

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
      const { to, body, statusCallbackUrl: statusCallback } = sms;
      const message = await this.twilio().messages.create(
        sms.messagingServiceSid
          ? { to, messagingServiceSid: sms.messagingServiceSid, body, statusCallback }
          : { to, from: sms.from, body, statusCallback },
      );
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

  async findAccepted(sms: OutboundSms, since: Date): Promise<CarrierAcceptance[]> {
    try {
      // Newest first; a text still queued has no DateSent yet, so the window is applied here.
      const recent = await this.twilio().messages.list({
        to: sms.to,
        ...(sms.messagingServiceSid ? {} : { from: sms.from }),
        limit: LOOKUP_LIMIT,
        pageSize: LOOKUP_LIMIT,
      });
      const from = since.getTime() - CLOCK_SKEW_MS;
      return recent
        .filter(
          (m) =>
            m.body === sms.body &&
            m.direction === 'outbound-api' &&
            (!sms.messagingServiceSid || m.messagingServiceSid === sms.messagingServiceSid) &&
            m.dateCreated.getTime() >= from,
        )
        .reverse()
        .map((m) => ({
          carrierMessageId: m.sid,
          status: m.status,
          segments: Number(m.numSegments) || null,
        }));
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
