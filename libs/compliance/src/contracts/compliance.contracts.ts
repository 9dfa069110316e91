import { Command } from '@nestjs/cqrs';
import type { EntityManager } from '@mikro-orm/postgresql';

export type OptOutVia = 'keyword' | 'carrier_opt_out_type' | 'carrier_error' | 'staff';

export class ClientOptedOut {
  readonly eventName = 'compliance.client_opted_out';
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    readonly via: OptOutVia,
    /** STOP, QUIT … when a keyword did it; '21610' for the carrier error. */
    readonly keyword: string | null,
    readonly actorId: string | null,
    readonly messageId: string | null,
    readonly reason: string | null,
    readonly occurredAt: string,
  ) {}
}

export class ClientOptedIn {
  readonly eventName = 'compliance.client_opted_in';
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    readonly keyword: string | null,
    readonly actorId: string | null,
    readonly messageId: string | null,
    readonly occurredAt: string,
  ) {}
}

/**
 * Claims the one-time consent disclosure for a client on the caller's transaction: true for
 * exactly one message per client, also when sends race; records the text as evidence.
 */
export class ClaimConsentDisclosureCommand extends Command<boolean> {
  constructor(
    readonly tx: EntityManager,
    readonly firmId: string,
    readonly clientId: string,
    readonly messageId: string,
    readonly disclosureText: string,
  ) {
    super();
  }
}

/**
 * Gives back the disclosure a message claimed when that message did not reach the client (the
 * carrier refused it, or reported it failed or undelivered), so the client's next text carries
 * it. Nothing changes when the disclosure went out on another message. On the caller's
 * transaction.
 */
export class ReleaseConsentDisclosureCommand extends Command<boolean> {
  constructor(
    readonly tx: EntityManager,
    readonly firmId: string,
    readonly clientId: string,
    readonly messageId: string,
  ) {
    super();
  }
}

/** The disclosure appended to a client's first text. */
export function consentDisclosure(firmName: string): string {
  return `${firmName} texts about your account here. Msg & data rates may apply. Reply STOP to opt out, HELP for help.`;
}

export interface InboundKeywordOutcome {
  /** The canonical keyword, when the whole message was one. */
  keyword: string | null;
  kind: 'opt_out' | 'opt_in' | 'help' | null;
  /** Reads like an opt-out without being a keyword: staff should confirm. */
  possibleOptOut: boolean;
  /** A confirmation to send back, only when the product itself must reply (SMS_SEND_KEYWORD_REPLIES). */
  reply: string | null;
}

/**
 * Applies an inbound text's compliance effect (opt-out, opt-in, help) to every client of the
 * firm with that phone, on the caller's transaction; honours Twilio's `OptOutType` too.
 */
export class ApplyInboundComplianceCommand extends Command<InboundKeywordOutcome> {
  constructor(
    readonly tx: EntityManager,
    readonly firmId: string,
    readonly fromPhone: string,
    readonly body: string,
    readonly optOutType: string | null,
    readonly messageId: string,
  ) {
    super();
  }
}

/** Opts one client out: staff acting on a request in other words, or the carrier's 21610. */
export class OptOutClientCommand extends Command<void> {
  constructor(
    readonly firmId: string,
    readonly clientId: string,
    readonly via: OptOutVia,
    readonly actorId: string | null,
    readonly reason: string | null,
    readonly messageId: string | null,
    readonly tx?: EntityManager,
  ) {
    super();
  }
}
