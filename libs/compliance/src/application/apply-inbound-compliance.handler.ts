import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Clock } from '@app/kernel';
import { AppConfig } from '@app/platform';
import { FindClientsByPhoneQuery, GetFirmQuery } from '@app/directory';
import {
  ApplyInboundComplianceCommand,
  InboundKeywordOutcome,
} from '../contracts/compliance.contracts';
import { detectKeyword, looksLikeOptOut } from '../domain/keywords';
import { KeywordKind, keywordReply, kindFromOptOutType } from '../domain/keyword-effects';
import { ClientSmsConsentRepository } from '../infrastructure/persistence/client-sms-consent.repository';
import { KeywordConsent } from './keyword-consent';

/**
 * An inbound text's compliance effect, on the inbound transaction. Opt-outs reach every client of
 * the firm sharing the phone at once (a household texting STOP means that phone), and are
 * honoured whatever else is going on, inbound pause included.
 */
@CommandHandler(ApplyInboundComplianceCommand)
export class ApplyInboundComplianceHandler implements ICommandHandler<
  ApplyInboundComplianceCommand,
  InboundKeywordOutcome
> {
  constructor(
    private readonly consent: ClientSmsConsentRepository,
    private readonly keywordConsent: KeywordConsent,
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async execute(command: ApplyInboundComplianceCommand): Promise<InboundKeywordOutcome> {
    const detected = detectKeyword(command.body);
    const carrierKind = kindFromOptOutType(command.optOutType);
    const kind: KeywordKind | null = carrierKind ?? detected?.kind ?? null;
    if (!kind) {
      return {
        keyword: null,
        kind: null,
        possibleOptOut: looksLikeOptOut(command.body),
        reply: null,
      };
    }
    const keyword =
      detected && detected.kind === kind
        ? detected.keyword
        : (command.optOutType ?? '').trim().toUpperCase();
    // A repeated STOP (or a "yes" from someone never opted out) changes nothing and is not
    // answered: one confirmation at most.
    const changed =
      kind === 'help' ||
      (await this.applyConsentChange(command, kind, keyword, carrierKind !== null));
    return {
      keyword,
      kind,
      possibleOptOut: false,
      reply: changed ? await this.reply(command, kind, carrierKind) : null,
    };
  }

  /**
   * Applies the keyword to every client of the firm with that phone, and records it against the
   * phone itself, so a client who gets that phone later inherits it. True when anything changed.
   */
  private async applyConsentChange(
    { tx, firmId, fromPhone, messageId }: ApplyInboundComplianceCommand,
    kind: 'opt_out' | 'opt_in',
    keyword: string,
    byCarrier: boolean,
  ): Promise<boolean> {
    const clients = await this.queries.execute(new FindClientsByPhoneQuery(firmId, fromPhone, tx));
    const at = this.clock.now();
    const optedOut = kind === 'opt_out';
    const phoneChanged = await this.consent.recordPhoneKeyword(tx, {
      firmId,
      phone: fromPhone,
      optedOut,
      keyword,
      byCarrier,
      messageId,
      at,
    });
    const changed = await this.keywordConsent.apply(tx, {
      firmId,
      clientIds: clients.map((c) => c.id),
      optedOut,
      keyword,
      byCarrier,
      messageId,
      at,
    });
    return phoneChanged || changed.length > 0;
  }

  /**
   * Twilio answers keywords itself on long codes, and Advanced Opt-Out (which is what sends
   * `OptOutType`) answers with the service's own texts, so the product replies only when told to
   * and the carrier has not already.
   */
  private async reply(
    { tx, firmId }: ApplyInboundComplianceCommand,
    kind: KeywordKind,
    carrierKind: KeywordKind | null,
  ): Promise<string | null> {
    if (!this.config.smsSendKeywordReplies || carrierKind) return null;
    const firm = await this.queries.execute(new GetFirmQuery(firmId, tx));
    return firm ? keywordReply(kind, firm.name) : null;
  }
}
