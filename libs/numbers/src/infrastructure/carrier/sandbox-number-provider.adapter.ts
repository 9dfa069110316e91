import { randomBytes } from 'node:crypto';
import { PhoneNumber } from '@app/kernel';
import type {
  AvailableNumber,
  ClaimedNumber,
  NumberProvider,
} from '../../application/ports/number-provider.port';
import { NumberUnavailableError } from '../../domain/numbers.errors';

/** Which of these numbers a firm holds right now (the numbers context's own table). */
export interface ActiveNumberLookup {
  activeAmong(phoneNumbers: string[]): Promise<Set<string>>;
}

interface Area {
  locality: string;
  region: string;
}

/** Area codes the sandbox names a place for; searches without an area code draw from these. */
const AREAS: Record<string, Area> = {
  '503': { locality: 'Portland', region: 'OR' },
  '206': { locality: 'Seattle', region: 'WA' },
  '415': { locality: 'San Francisco', region: 'CA' },
  '312': { locality: 'Chicago', region: 'IL' },
  '212': { locality: 'New York', region: 'NY' },
  '617': { locality: 'Boston', region: 'MA' },
  '303': { locality: 'Denver', region: 'CO' },
  '512': { locality: 'Austin', region: 'TX' },
  '404': { locality: 'Atlanta', region: 'GA' },
  '602': { locality: 'Phoenix', region: 'AZ' },
  '971': { locality: 'Portland', region: 'OR' },
  '213': { locality: 'Los Angeles', region: 'CA' },
};

const PAGE_SIZE = 10;
const WINDOW = 40;
const LINES = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
// 555-0100 to 555-0199 are reserved for fiction in every North American area code, so the
// sandbox can never hand out a number that rings a real phone.
const SANDBOX_NUMBER = /^\+1([2-9]\d{2})55501\d{2}$/;

/**
 * The local simulated carrier (`CARRIER=sandbox`): offers fictional 555-01xx numbers, never one
 * a firm holds, and keeps no state of its own — the firm_numbers table is the truth.
 */
export class SandboxNumberProvider implements NumberProvider {
  constructor(private readonly active: ActiveNumberLookup) {}

  async search(areaCode?: string): Promise<AvailableNumber[]> {
    const candidates = areaCode
      ? LINES.map((line) => `+1${areaCode}55501${line}`)
      : LINES.flatMap((line) => Object.keys(AREAS).map((code) => `+1${code}55501${line}`));
    const offered: AvailableNumber[] = [];
    // A window at a time: a page rarely needs more than the first one.
    for (let start = 0; start < candidates.length && offered.length < PAGE_SIZE; start += WINDOW) {
      const window = candidates
        .slice(start, start + WINDOW)
        .filter((n) => PhoneNumber.parse(n)?.e164 === n);
      if (window.length === 0) continue;
      const taken = await this.active.activeAmong(window);
      for (const phoneNumber of window) {
        if (offered.length === PAGE_SIZE) break;
        if (!taken.has(phoneNumber)) offered.push(this.describe(phoneNumber));
      }
    }
    return offered;
  }

  async claim(phoneNumber: string): Promise<ClaimedNumber> {
    if (!SANDBOX_NUMBER.test(phoneNumber)) throw new NumberUnavailableError();
    const taken = await this.active.activeAmong([phoneNumber]);
    if (taken.has(phoneNumber)) throw new NumberUnavailableError();
    return { carrierId: `SB${randomBytes(16).toString('hex')}`, phoneNumber };
  }

  async release(): Promise<void> {
    // Nothing is held outside our own table, so there is nothing to give back.
  }

  private describe(phoneNumber: string): AvailableNumber {
    const area = AREAS[phoneNumber.slice(2, 5)];
    return { phoneNumber, locality: area?.locality ?? null, region: area?.region ?? null };
  }
}
