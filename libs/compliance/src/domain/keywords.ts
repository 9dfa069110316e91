import type { KeywordKind } from './keyword-effects';

// Re-exported rather than redeclared so the compliance module has one KeywordKind, not two
// structurally equal ones that a barrel `export *` would report as ambiguous.
export type { KeywordKind };

export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
] as const;
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

const KEYWORD_KINDS = new Map<string, KeywordKind>([
  ...OPT_OUT_KEYWORDS.map((k): [string, KeywordKind] => [k, 'opt_out']),
  ...OPT_IN_KEYWORDS.map((k): [string, KeywordKind] => [k, 'opt_in']),
  ...HELP_KEYWORDS.map((k): [string, KeywordKind] => [k, 'help']),
]);

/**
 * Anything a phone may wrap around a keyword: punctuation in any script (¡, «», “”), symbols and
 * emoji, every kind of space, plus the invisible joiners and variation selectors emoji bring along.
 */
const IGNORABLE_EDGES =
  /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\p{Variation_Selector}\s]+|[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\p{Variation_Selector}\s]+$/gu;

/**
 * A keyword only counts as the whole message, so "Stop by tomorrow?" is not an opt-out. NFKC
 * folds full-width and styled letters (ＳＴＯＰ) into plain ones first: the sender means the same
 * word, and an opt-out we miss is a compliance failure.
 */
export function detectKeyword(body: string): { kind: KeywordKind; keyword: string } | null {
  const keyword = body.normalize('NFKC').replace(IGNORABLE_EDGES, '').toUpperCase();
  const kind = KEYWORD_KINDS.get(keyword);
  return kind ? { kind, keyword } : null;
}

// Matched against fold(body), so written in lower case, without apostrophes, single-spaced.
const OPT_OUT_PHRASES: readonly RegExp[] = [
  // "stop texting me", "quit messaging me", "stop the texts"; not "don't stop texting me".
  /(?<!\b(?:dont|do not|never) )\b(?:stop|quit|cease)(?: (?:all|the|these|those|your|with the|with these))? (?:texting|txting|messaging|msging|contacting|calling|spamming|bugging|harassing|texts|txts|text messages|messages|msgs|sms)\b/,
  // "stop sending me messages", "please stop sending"; not "I'll stop sending the forms by mail".
  /(?<!\b(?:dont|do not|never) )\b(?:stop|quit|cease) sending(?: (?:me|us|texts|txts|messages|msgs|text messages|these|this|those|any)\b|$)/,
  // "I revoke my consent", "withdrawing permission to text me", "I no longer consent to texts".
  /\b(?:revoke|revoking|revoked|withdraw|withdrawing|withdrew)(?: (?:my|all|your|the|any))? (?:consent|permission|authorization|authorisation)\b/,
  /\b(?:no longer|dont|do not|never) (?:consent|agree|authorize|authorise)\b/,
  /\b(?:dont|do not|never) (?:ever )?(?:text|txt|message|msg|contact|sms)(?:ing)? (?:me|us|this number)\b/,
  /\b(?:dont|do not|never) (?:ever )?send (?:me |us )?(?:any )?(?:more )?(?:texts|txts|text messages|messages|msgs|sms)\b/,
  // "I don't want these texts", "no longer wish to receive messages".
  /\b(?:dont|do not|no longer) (?:want|need|wish|wish to receive|want to receive|want to get)(?: (?:these|those|your|any|the|more|anymore|any more))* (?:texts|txts|text messages|messages|msgs|sms)\b/,
  /\bno more (?:texts|txts|text messages|texting|messages|msgs|sms)\b/,
  /\bremove (?:me|us|my (?:number|phone|phone number|cell|cell number|mobile))\b/,
  /\btake (?:me|us|my (?:number|phone|phone number|cell|cell number|mobile)) off\b/,
  /\b(?:unsubscribe|unsub|opt out|optout|opt me out)\b/,
  /\bleave me alone\b/,
  // A bare opt-out keyword softened with a word or two, which detectKeyword rightly refuses.
  // CANCEL and END are left out: "cancel please" is as likely about an appointment.
  /^(?:(?:please|pls|plz|just|ok|okay|now|i) )*(?:stop|quit|revoke|unsubscribe|stopall|optout)(?: (?:please|pls|plz|now|it|this|thanks|thank you|already|immediately|asap|all|stop|consent))*$/,
];

/** "Don’t text me!!" becomes "dont text me", so one phrase covers every way of typing it. */
function fold(body: string): string {
  return body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['\u2018\u2019\u02bc\u0060\u00b4\u2032]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Free-text requests to stop. The FCC accepts revocation "by any reasonable means", so these are
 * flagged for staff rather than acted on: a false alarm costs a glance, a miss costs a violation.
 * Exact keywords answer false because detectKeyword already acts on them.
 */
export function looksLikeOptOut(body: string): boolean {
  if (detectKeyword(body)) return false;
  const folded = fold(body);
  return OPT_OUT_PHRASES.some((phrase) => phrase.test(folded));
}
