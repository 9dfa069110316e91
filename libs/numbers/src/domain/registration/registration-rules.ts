/** TrustHub's accepted business types (customer_profile_business_information.business_type). */
export const BUSINESS_TYPES = [
  'Sole Proprietorship',
  'Partnership',
  'Limited Liability Corporation',
  'Co-operative',
  'Non-profit Corporation',
  'Corporation',
];

/** TrustHub's accepted industries (customer_profile_business_information.business_industry). */
export const INDUSTRIES = [
  'AGRICULTURE',
  'AUTOMOTIVE',
  'BANKING',
  'CONSUMER',
  'EDUCATION',
  'ELECTRONICS',
  'ENERGY',
  'ENGINEERING',
  'FAST_MOVING_CONSUMER_GOODS',
  'FINANCIAL',
  'FINTECH',
  'FOOD_AND_BEVERAGE',
  'GOVERNMENT',
  'HEALTHCARE',
  'HOSPITALITY',
  'INSURANCE',
  'JEWELRY',
  'LEGAL',
  'MANUFACTURING',
  'MEDIA',
  'NOT_FOR_PROFIT',
  'OIL_AND_GAS',
  'ONLINE',
  'RAW_MATERIALS',
  'REAL_ESTATE',
  'RELIGION',
  'RETAIL',
  'TECHNOLOGY',
  'TELECOMMUNICATIONS',
  'TRANSPORTATION',
  'TRAVEL',
];

/** Standard-brand A2P campaign use cases (UsAppToPersonUsecase). */
export const USE_CASES = [
  'ACCOUNT_NOTIFICATION',
  'CUSTOMER_CARE',
  'DELIVERY_NOTIFICATION',
  'FRAUD_ALERT',
  'HIGHER_EDUCATION',
  'LOW_VOLUME',
  'MARKETING',
  'MIXED',
  'POLLING_VOTING',
  'PUBLIC_SERVICE_ANNOUNCEMENT',
  'SECURITY_ALERT',
  '2FA',
];

/** The states, DC and the territories US carriers treat as domestic. */
export const US_REGIONS = [
  ...['AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN'],
  ...['IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH'],
  ...['NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT'],
  ...['VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP'],
];

/**
 * Opt-out language as reviewers look for it: the keyword in capitals ("Reply STOP") or the words
 * "opt out" / "unsubscribe". A lowercase "stop" ("stop by our office") does not count.
 */
export function hasOptOutLanguage(text: string): boolean {
  return (
    /\b(STOP|STOPALL|UNSUBSCRIBE|OPTOUT)\b/.test(text) ||
    /\b(opt[\s-]?out|unsubscribe)\b/i.test(text)
  );
}

export function hasEmbeddedLink(text: string): boolean {
  return /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(com|net|org|io|co|us|biz|info|law|cpa)\b/i.test(
    text,
  );
}

export function hasEmbeddedPhone(text: string): boolean {
  return /(?<!\d)(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/.test(text);
}

/** Legal-entity endings people leave out when they write the firm's name in a text. */
const ENTITY_SUFFIX =
  /\s+(llc|l l c|inc|incorporated|corp|corporation|co|company|ltd|limited|pc|pllc|llp|lp|pa)$/;

/**
 * Whether `text` names the firm: case, punctuation and "&" versus "and" are ignored, and so is a
 * legal ending such as "LLC", so "Hill & Dale CPAs, LLC" is named by "Hill and Dale CPAs".
 */
export function mentionsName(text: string, name: string): boolean {
  const wanted = simplify(name);
  if (!wanted) return false;
  const haystack = ` ${simplify(text)} `;
  const short = wanted.replace(ENTITY_SUFFIX, '');
  return haystack.includes(` ${wanted} `) || (short.length > 0 && haystack.includes(` ${short} `));
}

function simplify(value: string): string {
  return value
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
