import { randomUUID } from 'node:crypto';

export type FirmId = string & { readonly __brand?: 'FirmId' };
export type MemberId = string & { readonly __brand?: 'MemberId' };
export type ClientId = string & { readonly __brand?: 'ClientId' };

export function newId(): string {
  return randomUUID();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
