import { PhoneNumber } from '@app/kernel';
import type { NumberProvider } from '../../application/ports/number-provider.port';
import { NumberUnavailableError } from '../../domain/numbers.errors';
import { ActiveNumberLookup, SandboxNumberProvider } from './sandbox-number-provider.adapter';

/** The firm_numbers table as the sandbox sees it: a set of numbers some firm holds. */
class HeldNumbers implements ActiveNumberLookup {
  readonly held = new Set<string>();

  add(phoneNumber: string): void {
    this.held.add(phoneNumber);
  }

  async activeAmong(phoneNumbers: string[]): Promise<Set<string>> {
    return new Set(phoneNumbers.filter((n) => this.held.has(n)));
  }
}

const webhooks = {
  smsUrl: 'https://sms.example/webhooks/twilio/sms',
  statusCallbackUrl: 'https://sms.example/webhooks/twilio/status',
  friendlyName: 'Assure Pro — Test',
};

describe('SandboxNumberProvider', () => {
  let held: HeldNumbers;
  let sandbox: NumberProvider;

  beforeEach(() => {
    held = new HeldNumbers();
    sandbox = new SandboxNumberProvider(held);
  });

  it('offers ten fictional 555-01xx numbers in the requested area code', async () => {
    const numbers = await sandbox.search('503');
    expect(numbers).toHaveLength(10);
    for (const n of numbers) {
      expect(n.phoneNumber).toMatch(/^\+150355501\d{2}$/);
      expect(PhoneNumber.parse(n.phoneNumber)?.e164).toBe(n.phoneNumber);
      expect(n).toMatchObject({ locality: 'Portland', region: 'OR' });
    }
    expect(new Set(numbers.map((n) => n.phoneNumber)).size).toBe(10);
  });

  it('offers numbers in an area code it has no place name for, without a locality', async () => {
    const numbers = await sandbox.search('541');
    expect(numbers).toHaveLength(10);
    expect(numbers[0]).toEqual({ phoneNumber: '+15415550100', locality: null, region: null });
  });

  it('offers valid numbers across several US area codes when none is asked for', async () => {
    const numbers = await sandbox.search();
    expect(numbers).toHaveLength(10);
    const areaCodes = new Set(numbers.map((n) => n.phoneNumber.slice(2, 5)));
    expect(areaCodes.size).toBeGreaterThan(1);
    for (const n of numbers) {
      expect(n.phoneNumber).toMatch(/^\+1[2-9]\d{2}55501\d{2}$/);
      expect(PhoneNumber.parse(n.phoneNumber)?.e164).toBe(n.phoneNumber);
      expect(n.locality).not.toBeNull();
    }
  });

  it('offers nothing for an area code that cannot exist', async () => {
    expect(await sandbox.search('123')).toEqual([]);
  });

  it('does not offer numbers a firm holds, until they are released', async () => {
    const first = await sandbox.search('971');
    for (const n of first) held.add(n.phoneNumber);
    const second = await sandbox.search('971');
    expect(second).toHaveLength(10);
    expect(second.some((n) => held.held.has(n.phoneNumber))).toBe(false);

    held.held.clear();
    expect(await sandbox.search('971')).toEqual(first);
  });

  it('skips held numbers beyond the first lookup window', async () => {
    for (let line = 0; line < 95; line++) held.add(`+120655501${String(line).padStart(2, '0')}`);
    const numbers = await sandbox.search('206');
    expect(numbers.map((n) => n.phoneNumber)).toEqual(
      ['95', '96', '97', '98', '99'].map((line) => `+120655501${line}`),
    );
  });

  it('claims an offered number with a carrier id to release it by', async () => {
    const [offer] = await sandbox.search('503');
    const claimed = await sandbox.claim(offer.phoneNumber, webhooks);
    expect(claimed.phoneNumber).toBe(offer.phoneNumber);
    expect(claimed.carrierId).toMatch(/^SB[0-9a-f]{32}$/);
    const again = await sandbox.claim(offer.phoneNumber, webhooks);
    expect(again.carrierId).not.toBe(claimed.carrierId);
  });

  it('refuses a number a firm holds as unavailable', async () => {
    held.add('+15035550142');
    await expect(sandbox.claim('+15035550142', webhooks)).rejects.toBeInstanceOf(
      NumberUnavailableError,
    );
  });

  it('refuses a number it would never offer as unavailable', async () => {
    await expect(sandbox.claim('+15035551234', webhooks)).rejects.toMatchObject({
      code: 'number_unavailable',
    });
  });

  it('releases idempotently', async () => {
    await expect(sandbox.release('SB00000000000000000000000000000000')).resolves.toBeUndefined();
    await expect(sandbox.release('SB00000000000000000000000000000000')).resolves.toBeUndefined();
  });
});
