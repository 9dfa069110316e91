import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { FormValues, RecordedRequest } from './fake-twilio';

/** Helpers shared by the fake TrustHub and A2P Messaging endpoints (Twilio's v1 JSON APIs). */

export function newSid(prefix: string): string {
  return prefix + randomBytes(16).toString('hex');
}

/** v1 APIs answer ISO 8601 without milliseconds: `2019-07-30T22:29:24Z`. */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function all(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function bool(values: FormValues, key: string): boolean | undefined {
  const raw = first(values[key]);
  return raw === undefined ? undefined : raw.toLowerCase() === 'true';
}

/** A v1 list page: `{ <key>: [...], meta: { key, page, next_page_url: null, … } }`. */
export function page(
  host: string,
  path: string,
  key: string,
  items: unknown[],
  request: RecordedRequest,
): Record<string, unknown> {
  const pageSize = Number(first(request.query.PageSize)) || 50;
  const url = `https://${host}.twilio.com${path}?PageSize=${pageSize}&Page=0`;
  return {
    [key]: items,
    meta: {
      page: 0,
      page_size: pageSize,
      first_page_url: url,
      previous_page_url: null,
      url,
      next_page_url: null,
      key,
    },
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
): void {
  sendJson(res, status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
}

export function sendEmpty(res: ServerResponse): void {
  if (!res.destroyed) res.writeHead(204).end();
}
