import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Recent answers of `PhoneNumber.parse`: every inbound text parses its firm's number and its
 * sender's again, and parsing is the costliest step of reading a webhook. Bounded; forgets all
 * when full.
 */
const recentlyParsed = new Map<string, PhoneNumber | null>();
const RECENT_LIMIT = 4096;

/** An E.164 phone number, parsed at the edge and compared by equality everywhere else. */
export class PhoneNumber {
  private constructor(readonly e164: string) {}

  /** Reads what people type (`(503) 555-0142`, `tel:+1-503-555-0142`); null when it is not a number. */
  static parse(raw: string, defaultCountry: 'US' = 'US'): PhoneNumber | null {
    const known = recentlyParsed.get(raw);
    if (known !== undefined) return known;
    const parsed = PhoneNumber.parseAnew(raw, defaultCountry);
    if (recentlyParsed.size >= RECENT_LIMIT) recentlyParsed.clear();
    recentlyParsed.set(raw, parsed);
    return parsed;
  }

  private static parseAnew(raw: string, defaultCountry: 'US'): PhoneNumber | null {
    const trimmed = raw.trim().replace(/^tel:/i, '');
    if (!trimmed || trimmed.length > 40) return null;
    const parsed = parsePhoneNumberFromString(trimmed, defaultCountry);
    if (!parsed || !parsed.isValid()) return null;
    return new PhoneNumber(parsed.number);
  }

  /** For values already stored normalised. */
  static fromE164(e164: string): PhoneNumber {
    const parsed = PhoneNumber.parse(e164);
    if (!parsed || parsed.e164 !== e164) throw new Error('not an E.164 number');
    return parsed;
  }

  /** `(503) 555-0142` for North American numbers, the international form otherwise. */
  get display(): string {
    return displayPhone(this.e164);
  }

  equals(other: PhoneNumber): boolean {
    return other.e164 === this.e164;
  }

  toString(): string {
    return this.e164;
  }
}

export function displayPhone(e164: string): string {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  if (m) return `(${m[1]}) ${m[2]}-${m[3]}`;
  const parsed = parsePhoneNumberFromString(e164);
  return parsed ? parsed.formatInternational() : e164;
}

/** Keeps the last four digits: what logs may show of a phone number. */
export function maskPhone(value: string): string {
  return value.replace(/(?<![\w])\+?\(?\d[\d\s().-]{6,}\d(?![\w])/g, (match) => {
    const digits = match.replace(/\D/g, '');
    // Phone numbers have 10 to 15 digits; dates and durations have fewer.
    if (digits.length < 10 || digits.length > 15) return match;
    return `***${digits.slice(-4)}`;
  });
}
