import { AppConfig } from '@app/platform';
import { EinCipher } from './ein-cipher';

const config = (key: Buffer) =>
  ({
    registration: { encryptionKey: key, primaryCustomerProfileSid: null, reviewPollSeconds: 60 },
  }) as AppConfig;
const FIRM = '0190d5a4-7b1e-7c3a-9f00-000000000001';
const OTHER_FIRM = '0190d5a4-7b1e-7c3a-9f00-000000000002';

describe('EinCipher', () => {
  const cipher = new EinCipher(config(Buffer.alloc(32, 1)));

  it('round-trips an EIN and never stores it readable or twice the same', () => {
    const a = cipher.encrypt(FIRM, '12-3456789');
    const b = cipher.encrypt(FIRM, '12-3456789');
    expect(a).toMatch(/^v1\./);
    expect(a).not.toContain('3456789');
    expect(a).not.toBe(b);
    expect(cipher.decrypt(FIRM, a)).toBe('12-3456789');
  });

  it('refuses a ciphertext moved to another firm or read with another key', () => {
    const sealed = cipher.encrypt(FIRM, '12-3456789');
    expect(() => cipher.decrypt(OTHER_FIRM, sealed)).toThrow(/could not be decrypted/);
    const other = new EinCipher(config(Buffer.alloc(32, 2)));
    expect(() => other.decrypt(FIRM, sealed)).toThrow(/could not be decrypted/);
    expect(() => cipher.decrypt(FIRM, 'garbage')).toThrow(/not in a known format/);
  });

  it('explains a missing key', () => {
    expect(() => new EinCipher({} as AppConfig).encrypt(FIRM, '12-3456789')).toThrow(
      /REGISTRATION_ENCRYPTION_KEY/,
    );
  });
});
