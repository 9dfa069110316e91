import { Inject, Injectable, Optional } from '@nestjs/common';
import { ValidationFailedError } from '@app/kernel';
import {
  AppConfig,
  classifyTwilioError,
  createTwilioClient,
  TWILIO_CLIENT_OPTIONS,
  twilioFailure,
  type TwilioClient,
  type TwilioClientOptions,
} from '@app/platform';
import type {
  AvailableNumber,
  ClaimedNumber,
  NumberProvider,
  NumberWebhooks,
} from '../../application/ports/number-provider.port';
import { NumberUnavailableError } from '../../domain/numbers.errors';

/**
 * More than the 10 the firm is shown: numbers without SMS, or held by another firm of ours,
 * are dropped afterwards and must not leave the list short.
 */
const SEARCH_LIMIT = 30;

/** Finds, buys and releases US local numbers through Twilio's REST API. */
@Injectable()
export class TwilioNumberProvider implements NumberProvider {
  private client: TwilioClient | null = null;

  constructor(
    private readonly config: AppConfig,
    @Optional()
    @Inject(TWILIO_CLIENT_OPTIONS)
    private readonly options: TwilioClientOptions = {},
  ) {}

  async search(areaCode?: string): Promise<AvailableNumber[]> {
    const wanted = areaCode?.trim() || undefined;
    if (wanted !== undefined && !/^[2-9]\d{2}$/.test(wanted)) {
      throw new ValidationFailedError([
        { field: 'areaCode', message: 'must be a three-digit US area code' },
      ]);
    }
    try {
      const found = await this.twilio()
        .availablePhoneNumbers('US')
        .local.list({
          areaCode: wanted === undefined ? undefined : Number(wanted),
          smsEnabled: true,
          limit: SEARCH_LIMIT,
        });
      return found
        .filter((n) => canTakeSms(n.capabilities))
        .slice(0, SEARCH_LIMIT)
        .map((n) => ({
          phoneNumber: n.phoneNumber,
          locality: n.locality || null,
          region: n.region || null,
        }));
    } catch (err) {
      throw classifyTwilioError(err);
    }
  }

  async claim(phoneNumber: string, webhooks: NumberWebhooks): Promise<ClaimedNumber> {
    try {
      const bought = await this.twilio().incomingPhoneNumbers.create({
        phoneNumber,
        smsUrl: webhooks.smsUrl,
        smsMethod: 'POST',
        statusCallback: webhooks.statusCallbackUrl,
        statusCallbackMethod: 'POST',
        friendlyName: webhooks.friendlyName,
      });
      return { carrierId: bought.sid, phoneNumber: bought.phoneNumber };
    } catch (err) {
      if (isNumberUnavailable(err)) throw new NumberUnavailableError();
      throw classifyTwilioError(err);
    }
  }

  async release(carrierId: string): Promise<void> {
    try {
      await this.twilio().incomingPhoneNumbers(carrierId).remove();
    } catch (err) {
      const failure = twilioFailure(err);
      // Already gone is what we wanted: release must be safe to repeat.
      if (failure && (failure.status === 404 || failure.code === 20404)) return;
      throw classifyTwilioError(err);
    }
  }

  /** Built on first use, so a process running the sandbox carrier never needs Twilio credentials. */
  private twilio(): TwilioClient {
    this.client ??= createTwilioClient(this.config, this.options);
    return this.client;
  }
}

function isNumberUnavailable(err: unknown): boolean {
  const failure = twilioFailure(err);
  if (!failure) return false;
  if (failure.code === 21421 || failure.code === 21422) return true;
  return failure.status === 400 && /\bnot (?:currently )?available\b/i.test(failure.message);
}

/** Twilio has spelled capability keys both `sms` and `SMS`; absent means we trust the filter. */
function canTakeSms(capabilities: unknown): boolean {
  if (!capabilities || typeof capabilities !== 'object') return true;
  const entry = Object.entries(capabilities).find(([key]) => key.toLowerCase() === 'sms');
  return entry === undefined || entry[1] !== false;
}
