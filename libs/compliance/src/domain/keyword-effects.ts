export type KeywordKind = 'opt_out' | 'opt_in' | 'help';

/**
 * Twilio's Advanced Opt-Out reports what it made of a text in `OptOutType`; it may act on
 * keywords a firm configured beyond ours, so its verdict counts even when the body is no keyword.
 */
export function kindFromOptOutType(optOutType: string | null | undefined): KeywordKind | null {
  switch (optOutType?.trim().toUpperCase()) {
    case 'STOP':
      return 'opt_out';
    case 'START':
      return 'opt_in';
    case 'HELP':
      return 'help';
    default:
      return null;
  }
}

/**
 * The one text sent back for a keyword when the product itself must answer. Opt-out
 * confirmations carry nothing but the confirmation (no marketing); help says who is texting and
 * how to stop.
 */
export function keywordReply(kind: KeywordKind, firmName: string): string {
  switch (kind) {
    case 'opt_out':
      return `${firmName}: You have been unsubscribed and will get no more texts from us. Reply START to resubscribe.`;
    case 'opt_in':
      return `${firmName}: You will get texts from us again. Reply STOP to opt out, HELP for help.`;
    case 'help':
      return `${firmName} texts you about your account from this number. Reply STOP to opt out. Msg & data rates may apply.`;
  }
}

/** How an opt-out is recorded as evidence on the consent row (`keyword:STOP`, `carrier:21610` …). */
export function optOutEvidence(
  via: 'keyword' | 'carrier_opt_out_type' | 'carrier_error' | 'staff',
  keyword: string | null,
): string {
  switch (via) {
    case 'keyword':
      return `keyword:${keyword ?? ''}`;
    case 'carrier_opt_out_type':
      return `carrier:${keyword ?? 'STOP'}`;
    case 'carrier_error':
      return `carrier:${keyword ?? '21610'}`;
    case 'staff':
      return 'staff';
  }
}
