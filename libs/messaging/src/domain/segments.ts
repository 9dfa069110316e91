export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Unicode code points, so an emoji counts once however many UTF-16 units it takes. */
  characters: number;
  segments: number;
}

/** Twilio refuses longer bodies outright rather than splitting them further. */
export const MAX_SMS_BODY_CHARACTERS = 1600;

/**
 * A body's length as the carrier measures it against MAX_SMS_BODY_CHARACTERS: in UTF-16 code
 * units, so an emoji outside the Basic Multilingual Plane counts twice (the `characters` shown
 * while composing count it once). Measured this way, nothing accepted is refused later (21617).
 */
export function carrierLength(body: string): number {
  return body.length;
}

/**
 * GSM 03.38 default alphabet, rows in code order (0x00-0x7F). Position 0x1B is the escape to the
 * extension table, so it is not a character of its own and is left out.
 */
const GSM7_BASIC_CHARACTERS =
  '@£$¥èéùìòÇ\nØø\rÅå' +
  'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ' +
  ' !"#¤%&\'()*+,-./' +
  '0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNO' +
  'PQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmno' +
  'pqrstuvwxyzäöñüà';

/** Reached through the escape, so each costs two septets. */
const GSM7_EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

const GSM7_BASIC = new Set<string>(GSM7_BASIC_CHARACTERS);
const GSM7_EXTENSION = new Set<string>(GSM7_EXTENSION_CHARACTERS);

interface SegmentLimits {
  /** Capacity when the whole message fits in one segment, with no header. */
  single: number;
  /** Capacity of each part once split: the concatenation header eats 6 of the 140 octets. */
  part: number;
}

const GSM7_LIMITS: SegmentLimits = { single: 160, part: 153 };
const UCS2_LIMITS: SegmentLimits = { single: 70, part: 67 };

function isGsm7Character(character: string): boolean {
  return GSM7_BASIC.has(character) || GSM7_EXTENSION.has(character);
}

/** True when every character can be sent in the GSM-7 alphabet, so the body avoids UCS-2. */
export function isGsm7(body: string): boolean {
  for (const character of body) {
    if (!isGsm7Character(character)) return false;
  }
  return true;
}

/**
 * Packs the characters' costs into segments in order. A character that would straddle a
 * boundary moves whole to the next segment, because handsets cannot rejoin an escape pair or a
 * surrogate pair cut in two; that is why the count can exceed a plain division of the total.
 */
function countSegments(costs: readonly number[], limits: SegmentLimits): number {
  let total = 0;
  for (const cost of costs) total += cost;
  if (total === 0) return 0;
  if (total <= limits.single) return 1;
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > limits.part) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

/**
 * Encoding and segment count as the carrier will bill them. A single character outside GSM-7
 * switches the whole message to UCS-2, which is why one curly quote can double the cost.
 */
export function analyzeSegments(body: string): SegmentInfo {
  const characters = Array.from(body);
  const encoding: SmsEncoding = characters.every(isGsm7Character) ? 'GSM-7' : 'UCS-2';
  const costs =
    encoding === 'GSM-7'
      ? characters.map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1))
      : characters.map((c) => c.length);
  return {
    encoding,
    characters: characters.length,
    segments: countSegments(costs, encoding === 'GSM-7' ? GSM7_LIMITS : UCS2_LIMITS),
  };
}
