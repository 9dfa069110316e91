import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@app/platform';

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * Encrypts EINs at rest with AES-256-GCM under REGISTRATION_ENCRYPTION_KEY. The firm id is the
 * additional authenticated data, so a ciphertext copied onto another firm's row does not decrypt.
 */
@Injectable()
export class EinCipher {
  constructor(private readonly config: AppConfig) {}

  encrypt(firmId: string, ein: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    cipher.setAAD(Buffer.from(`firm:${firmId}`));
    const sealed = Buffer.concat([cipher.update(ein, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), sealed].map(encode).join('.');
  }

  decrypt(firmId: string, stored: string): string {
    const [version, iv, tag, sealed] = stored.split('.');
    if (version !== VERSION || !iv || !tag || !sealed) {
      throw new Error('the stored EIN is not in a known format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key(), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`firm:${firmId}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      const plain = Buffer.concat([
        decipher.update(Buffer.from(sealed, 'base64url')),
        decipher.final(),
      ]);
      return plain.toString('utf8');
    } catch {
      // The key changed or the row was tampered with; the message must not echo any input.
      throw new Error('the stored EIN could not be decrypted with REGISTRATION_ENCRYPTION_KEY');
    }
  }

  private key(): Buffer {
    const key = this.config.registration?.encryptionKey;
    if (!key) throw new Error('REGISTRATION_ENCRYPTION_KEY is not configured');
    return key;
  }
}

function encode(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url');
}
