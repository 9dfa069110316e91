import { randomUUID } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { PLATFORM_TOKEN } from '../../support/test-app';

/**
 * The product's HTTP API over plain fetch, so the same helpers drive an app in the test process
 * and API processes spawned beside it.
 */

export interface HttpAnswer {
  status: number;
  text: string;
  // The JSON body when there is one; tests read the fields they assert on.
  body: Record<string, unknown>;
  contentType: string;
}

export type Role = 'owner' | 'admin' | 'staff' | 'viewer';
export const ROLES: readonly Role[] = ['owner', 'admin', 'staff', 'viewer'];

export interface FirmMember {
  id: string;
  email: string;
  token: string;
}

export interface Firm {
  id: string;
  name: string;
  number: string;
  members: Record<Role, FirmMember>;
}

export async function call(
  base: string,
  method: string,
  path: string,
  options: {
    token?: string;
    json?: unknown;
    form?: string;
    headers?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = options.form;
  }
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let parsed: Record<string, unknown> = {};
  if (contentType.includes('json') && text) parsed = JSON.parse(text) as Record<string, unknown>;
  return { status: res.status, text, body: parsed, contentType };
}

export async function expectStatus(answer: Promise<HttpAnswer>, status: number, what: string) {
  const res = await answer;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.body;
}

async function login(base: string, email: string, password: string): Promise<string> {
  const body = await expectStatus(
    call(base, 'POST', '/api/auth/login', { json: { email, password } }),
    200,
    'login',
  );
  return body.accessToken as string;
}

/** Sandbox and fake-Twilio numbers alike: the fictional 555-01xx lines of a few area codes. */
const AREA_CODES = ['503', '206', '415', '212', '312', '617', '303', '512', '404', '602'];

/**
 * A firm with an owner, an admin, a staff member and a viewer, each signed in, and a claimed
 * number. Email preferences are set per role when given (default: in-app and email on).
 */
export async function provisionFirm(
  base: string,
  options: { name?: string; email?: Partial<Record<Role, boolean>> } = {},
): Promise<Firm> {
  const tag = randomUUID().slice(0, 12);
  const password = 'correct horse battery staple';
  const name = options.name ?? `Fault Firm ${tag.slice(0, 6)}`;
  const ownerEmail = `owner-${tag}@faults.test`;
  const created = await expectStatus(
    call(base, 'POST', '/api/platform/firms', {
      token: PLATFORM_TOKEN,
      json: { name, owner: { email: ownerEmail, name: 'Olive Owner', password } },
    }),
    201,
    'provision firm',
  );
  const owner: FirmMember = {
    id: created.ownerId as string,
    email: ownerEmail,
    token: await login(base, ownerEmail, password),
  };
  const members = { owner } as Record<Role, FirmMember>;
  for (const role of ['admin', 'staff', 'viewer'] as const) {
    const email = `${role}-${tag}@faults.test`;
    const member = await expectStatus(
      call(base, 'POST', '/api/members', {
        token: owner.token,
        json: { email, name: `${role[0].toUpperCase()}${role.slice(1)} Member`, role, password },
      }),
      201,
      `add ${role}`,
    );
    members[role] = {
      id: member.id as string,
      email,
      token: await login(base, email, password),
    };
  }
  for (const role of ROLES) {
    const wantsEmail = options.email?.[role];
    if (wantsEmail === undefined) continue;
    await expectStatus(
      call(base, 'PUT', '/api/me/notification-preferences', {
        token: members[role].token,
        json: { smsReply: { inApp: true, email: wantsEmail } },
      }),
      200,
      `preferences of ${role}`,
    );
  }
  return { id: created.id as string, name, number: await claimNumber(base, owner.token), members };
}

async function claimNumber(base: string, token: string): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const area = AREA_CODES[Math.floor(Math.random() * AREA_CODES.length)];
    const line = String(Math.floor(Math.random() * 100)).padStart(2, '0');
    const res = await call(base, 'POST', '/api/sms/number', {
      token,
      json: { phoneNumber: `+1${area}55501${line}` },
    });
    if (res.status === 201) return res.body.phoneNumber as string;
    if (res.status !== 409) throw new Error(`claim number: ${res.status} ${res.text}`);
  }
  throw new Error('no number could be claimed');
}

/** Distinct valid US mobile-style numbers (area 971 is never a firm number here). */
export function clientPhones(count: number): string[] {
  const phones = new Set<string>();
  let n = Math.floor(Math.random() * 8_000_000);
  while (phones.size < count) {
    n = (n + 7919) % 8_000_000;
    const phone = `+1971${2_000_000 + n}`;
    if (parsePhoneNumberFromString(phone)?.isValid()) phones.add(phone);
  }
  return [...phones];
}

export async function createClient(
  base: string,
  firm: Firm,
  client: { name: string; phone: string },
): Promise<string> {
  const body = await expectStatus(
    call(base, 'POST', '/api/clients', { token: firm.members.owner.token, json: client }),
    201,
    'create client',
  );
  return body.id as string;
}

/** `POST /api/clients/:id/messages` as a staff member; answers the HTTP status and message id. */
export async function sendSms(
  base: string,
  firm: Firm,
  clientId: string,
  body: string,
): Promise<{ status: number; id: string | null }> {
  const res = await call(base, 'POST', `/api/clients/${clientId}/messages`, {
    token: firm.members.staff.token,
    json: { channel: 'sms', body },
  });
  return { status: res.status, id: res.status === 202 ? (res.body.id as string) : null };
}
