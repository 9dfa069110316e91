import { randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeTwilioRegistration } from './fake-twilio-registration';

/**
 * A local stand-in for Twilio's REST API (2010-04-01) that the real twilio SDK can talk to:
 * number search, purchase and release, and outbound messages, with Twilio-shaped JSON and
 * error bodies. It records every request and lets a test inject faults.
 */

export type FormValues = Record<string, string | string[]>;

export interface RecordedRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: FormValues;
  form: FormValues;
  auth: { username: string; password: string } | null;
  /** When it arrived (ms since the epoch) and the fault it was given, if any. */
  at: number;
  fault: TwilioFault | null;
}

export interface FaultMatch {
  method?: string;
  path?: RegExp;
  /** Only requests whose form `To` is this number. */
  to?: string;
}

/**
 * `delayMs` answers late (the message is created when the answer goes out); `hangMs` holds the
 * request and then drops the connection without creating anything, as a carrier that never got
 * to it; `reset` drops it at once; `lostAnswer` carries the request out (creating what it
 * creates) and then drops the connection instead of answering, as when the caller dies waiting.
 */
export type TwilioFault =
  | { status: number; code?: number; message?: string }
  | { delayMs: number }
  | { hangMs: number }
  | { reset: true }
  | { lostAnswer: true };

export interface FakeOwnedNumber {
  sid: string;
  phoneNumber: string;
  friendlyName: string;
  smsUrl: string;
  smsMethod: string;
  statusCallback: string;
  dateCreated: string;
}

export interface FakeMessage {
  sid: string;
  to: string;
  from: string;
  /** The Messaging Service it was sent through (`From` was then taken from the service). */
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  status: string;
  numSegments: number;
  dateCreated: string;
}

interface PendingFault {
  match: FaultMatch;
  fault: TwilioFault;
  remaining: number;
}

const API = '/2010-04-01';
/** Swallows an answer that must never reach the caller (the `lostAnswer` fault). */
const UNDELIVERED = {
  destroyed: false,
  writeHead: () => UNDELIVERED,
  end: () => undefined,
} as unknown as ServerResponse;
const E164 = /^\+[1-9]\d{7,14}$/;

const AREAS: Record<
  string,
  { locality: string; region: string; postalCode: string; lata: string }
> = {
  '503': { locality: 'Portland', region: 'OR', postalCode: '97201', lata: '672' },
  '206': { locality: 'Seattle', region: 'WA', postalCode: '98101', lata: '674' },
  '415': { locality: 'San Francisco', region: 'CA', postalCode: '94102', lata: '722' },
  '212': { locality: 'New York', region: 'NY', postalCode: '10001', lata: '132' },
};
const DEFAULT_AREAS = Object.keys(AREAS);

const DEFAULT_MESSAGES: Record<number, string> = {
  20003: 'Authenticate',
  20404: 'The requested resource was not found',
  20429: 'Too Many Requests',
  20500: 'Internal Server Error',
  20503: 'Service Unavailable',
  21421: 'PhoneNumber is invalid',
  21422: 'PhoneNumber is not available',
  21602: 'Message body is required.',
  21603: "A 'From' phone number is required.",
  21604: "A 'To' phone number is required.",
  21606: "The 'From' phone number provided is not a valid message-capable Twilio phone number.",
  21610: 'Attempt to send to unsubscribed recipient',
  21617: 'The concatenated message body exceeds the 1600 character limit.',
  21701: 'The Messaging Service Sid is invalid.',
  21704: 'The Messaging Service contains no phone numbers.',
  30034: 'Message from an Unregistered Number',
};

export class FakeTwilio {
  readonly requests: RecordedRequest[] = [];
  private server: Server | null = null;
  private readonly owned = new Map<string, FakeOwnedNumber>();
  private readonly sent: FakeMessage[] = [];
  private readonly unavailable = new Set<string>();
  private faults: PendingFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners: Array<(message: FakeMessage) => void> = [];
  /**
   * How long a created message waits before its 201 goes out. The message exists (Twilio has
   * accepted it) from the moment the request arrived, as when a client dies waiting for the answer.
   */
  latencyMs = 0;

  /** TrustHub and Messaging (A2P 10DLC registration), on the same base URL. */
  readonly registration: FakeTwilioRegistration;

  constructor(
    readonly accountSid: string,
    readonly authToken: string,
  ) {
    this.registration = new FakeTwilioRegistration(accountSid, (sid) => this.owned.get(sid));
  }

  /** Listens on 127.0.0.1 and a free port; answers the base URL, e.g. `http://127.0.0.1:41234`. */
  async start(): Promise<string> {
    const server = createServer((req, res) => this.receive(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = null;
    if (!server) return;
    // The SDK keeps connections alive; close them or `close()` waits for their idle timeout.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.requests.length = 0;
    this.owned.clear();
    this.sent.length = 0;
    this.unavailable.clear();
    this.faults = [];
    this.registration.reset();
  }

  /** The next `times` requests matching `match` get `fault` instead of (or before) the answer. */
  fail(match: FaultMatch, fault: TwilioFault, times = 1): void {
    this.faults.push({ match, fault, remaining: times });
  }

  /** The number can no longer be bought, as if someone else just did. */
  markUnavailable(e164: string): void {
    this.unavailable.add(e164);
  }

  /** Gives the account a number without an API call (a firm that already has one). */
  own(
    phoneNumber: string,
    webhooks: Partial<Pick<FakeOwnedNumber, 'smsUrl' | 'statusCallback' | 'friendlyName'>> = {},
  ): FakeOwnedNumber {
    const number: FakeOwnedNumber = {
      sid: sid('PN'),
      phoneNumber,
      friendlyName: webhooks.friendlyName ?? phoneNumber,
      smsUrl: webhooks.smsUrl ?? '',
      smsMethod: 'POST',
      statusCallback: webhooks.statusCallback ?? '',
      dateCreated: rfc2822(new Date()),
    };
    this.owned.set(number.sid, number);
    return number;
  }

  bought(): FakeOwnedNumber[] {
    return [...this.owned.values()];
  }

  messages(): FakeMessage[] {
    return [...this.sent];
  }

  /** Called for every message the fake accepts, as soon as it is created. */
  onMessage(listener: (message: FakeMessage) => void): void {
    this.listeners.push(listener);
  }

  private receive(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake-twilio');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: collect(url.searchParams),
        form: collect(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))),
        auth: basicAuth(req.headers.authorization),
        at: Date.now(),
        fault: null,
      };
      this.requests.push(recorded);

      const fault = this.takeFault(recorded);
      recorded.fault = fault;
      if (fault && 'reset' in fault) {
        req.socket.destroy();
        return;
      }
      if (fault && 'lostAnswer' in fault) {
        this.answer(recorded, UNDELIVERED);
        req.socket.destroy();
        return;
      }
      if (fault && 'status' in fault) {
        const code = fault.code ?? defaultCode(fault.status);
        sendError(res, fault.status, code, fault.message ?? defaultMessage(code, recorded.form));
        return;
      }
      if (fault && 'hangMs' in fault) {
        this.later(fault.hangMs, () => req.socket.destroy());
        return;
      }
      if (fault) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.answer(recorded, res);
        }, fault.delayMs);
        this.timers.add(timer);
        return;
      }
      this.answer(recorded, res);
    });
  }

  private takeFault(request: RecordedRequest): TwilioFault | null {
    const pending = this.faults.find(
      ({ match }) =>
        (!match.method || match.method.toUpperCase() === request.method) &&
        (!match.path || match.path.test(request.path)) &&
        (!match.to || first(request.form.To) === match.to),
    );
    if (!pending) return null;
    if (--pending.remaining <= 0) this.faults = this.faults.filter((f) => f !== pending);
    return pending.fault;
  }

  private answer(request: RecordedRequest, res: ServerResponse): void {
    if (res.destroyed) return;
    const { auth } = request;
    if (!auth || auth.username !== this.accountSid || auth.password !== this.authToken) {
      sendError(res, 401, 20003, DEFAULT_MESSAGES[20003]);
      return;
    }
    const prefix = `${API}/Accounts/${this.accountSid}/`;
    const route = request.path.startsWith(prefix) ? request.path.slice(prefix.length) : null;
    const released = route && /^IncomingPhoneNumbers\/(PN[0-9a-f]{32})\.json$/.exec(route);

    if (request.method === 'GET' && route === 'AvailablePhoneNumbers/US/Local.json') {
      sendJson(res, 200, this.availableNumbers(request));
    } else if (request.method === 'POST' && route === 'IncomingPhoneNumbers.json') {
      this.buy(request, res);
    } else if (request.method === 'DELETE' && released) {
      if (!this.owned.delete(released[1])) sendError(res, 404, 20404, DEFAULT_MESSAGES[20404]);
      else res.writeHead(204).end();
    } else if (request.method === 'POST' && route === 'Messages.json') {
      this.createMessage(request, res);
    } else if (request.method === 'GET' && route === 'Messages.json') {
      sendJson(res, 200, this.listMessages(request));
    } else if (this.registration.handles(request)) {
      this.registration.answer(request, res);
    } else {
      sendError(res, 404, 20404, DEFAULT_MESSAGES[20404]);
    }
  }

  private availableNumbers(request: RecordedRequest): Record<string, unknown> {
    const areaCode = first(request.query.AreaCode);
    const pageSize = Math.min(Math.max(Number(first(request.query.PageSize)) || 50, 1), 1000);
    const areas =
      areaCode === undefined ? DEFAULT_AREAS : /^\d{3}$/.test(areaCode) ? [areaCode] : [];
    const taken = new Set([...this.unavailable, ...this.bought().map((n) => n.phoneNumber)]);
    const offered: Record<string, unknown>[] = [];
    // 555-0100 to 555-0199 are the fictional exchange; interleave areas when none was asked.
    for (let line = 100; line < 200 && offered.length < pageSize; line++) {
      for (const area of areas) {
        const phoneNumber = `+1${area}555${String(line).padStart(4, '0')}`;
        if (taken.has(phoneNumber) || offered.length >= pageSize) continue;
        const place = AREAS[area];
        offered.push({
          friendly_name: `(${area}) 555-${String(line).padStart(4, '0')}`,
          phone_number: phoneNumber,
          lata: place?.lata ?? null,
          rate_center: place ? place.locality.toUpperCase() : null,
          latitude: null,
          longitude: null,
          locality: place?.locality ?? null,
          region: place?.region ?? null,
          postal_code: place?.postalCode ?? null,
          iso_country: 'US',
          address_requirements: 'none',
          beta: false,
          capabilities: { voice: true, SMS: true, MMS: true },
        });
      }
    }
    const uri = `${API}/Accounts/${this.accountSid}/AvailablePhoneNumbers/US/Local.json`;
    const firstPage = `${uri}?${new URLSearchParams({ ...flat(request.query), Page: '0' })}`;
    return {
      available_phone_numbers: offered,
      uri: `${uri}?${new URLSearchParams(flat(request.query))}`,
      first_page_uri: firstPage,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: pageSize,
      start: 0,
      end: Math.max(offered.length - 1, 0),
    };
  }

  private buy(request: RecordedRequest, res: ServerResponse): void {
    const phoneNumber = first(request.form.PhoneNumber);
    if (!phoneNumber || !/^\+1\d{10}$/.test(phoneNumber)) {
      sendError(res, 400, 21421, DEFAULT_MESSAGES[21421]);
      return;
    }
    const isOwned = this.bought().some((n) => n.phoneNumber === phoneNumber);
    if (isOwned || this.unavailable.has(phoneNumber)) {
      sendError(res, 400, 21422, DEFAULT_MESSAGES[21422]);
      return;
    }
    const number = this.own(phoneNumber, {
      smsUrl: first(request.form.SmsUrl),
      statusCallback: first(request.form.StatusCallback),
      friendlyName: first(request.form.FriendlyName),
    });
    number.smsMethod = first(request.form.SmsMethod) ?? 'POST';
    sendJson(res, 201, {
      sid: number.sid,
      account_sid: this.accountSid,
      friendly_name: number.friendlyName,
      phone_number: number.phoneNumber,
      origin: 'twilio',
      status: 'in-use',
      api_version: '2010-04-01',
      sms_url: number.smsUrl,
      sms_method: number.smsMethod,
      sms_fallback_url: '',
      sms_fallback_method: 'POST',
      sms_application_sid: null,
      status_callback: number.statusCallback,
      status_callback_method: first(request.form.StatusCallbackMethod) ?? 'POST',
      voice_url: null,
      voice_method: 'POST',
      address_requirements: 'none',
      beta: false,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      emergency_status: 'Active',
      date_created: number.dateCreated,
      date_updated: number.dateCreated,
      uri: `${API}/Accounts/${this.accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    });
  }

  private createMessage(request: RecordedRequest, res: ServerResponse): void {
    const to = first(request.form.To);
    const serviceSid = first(request.form.MessagingServiceSid) ?? null;
    const body = first(request.form.Body);
    if (!to) return sendError(res, 400, 21604, DEFAULT_MESSAGES[21604]);
    let from = first(request.form.From);
    if (serviceSid) {
      const service = this.registration.messaging.services.get(serviceSid);
      if (!service) return sendError(res, 400, 21701, DEFAULT_MESSAGES[21701]);
      // The service picks a sender from its pool unless From names one of its numbers.
      from ??= [...service.numbers.values()][0]?.phoneNumber;
      if (!from) return sendError(res, 400, 21704, DEFAULT_MESSAGES[21704]);
    }
    if (!from) return sendError(res, 400, 21603, DEFAULT_MESSAGES[21603]);
    if (!body) return sendError(res, 400, 21602, DEFAULT_MESSAGES[21602]);
    if (!E164.test(to)) return sendError(res, 400, 21211, defaultMessage(21211, request.form));
    if (!this.bought().some((n) => n.phoneNumber === from)) {
      return sendError(res, 400, 21606, DEFAULT_MESSAGES[21606]);
    }
    if (body.length > 1600) return sendError(res, 400, 21617, DEFAULT_MESSAGES[21617]);

    const message: FakeMessage = {
      sid: sid('SM'),
      to,
      from,
      messagingServiceSid: serviceSid,
      body,
      statusCallback: first(request.form.StatusCallback) ?? null,
      status: 'queued',
      numSegments: roughSegments(body),
      dateCreated: rfc2822(new Date()),
    };
    this.sent.push(message);
    for (const listener of this.listeners) listener(message);
    const answer = this.messageJson(message);
    if (this.latencyMs > 0) this.later(this.latencyMs, () => sendJson(res, 201, answer));
    else sendJson(res, 201, answer);
  }

  /** Newest first, filtered by `To` and `From` as Twilio's list does; one page. */
  private listMessages(request: RecordedRequest): Record<string, unknown> {
    const to = first(request.query.To);
    const from = first(request.query.From);
    const pageSize = Math.min(Math.max(Number(first(request.query.PageSize)) || 50, 1), 1000);
    const items = this.sent
      .filter((m) => (!to || m.to === to) && (!from || m.from === from))
      .reverse()
      .slice(0, pageSize)
      .map((m) => this.messageJson(m));
    const uri = `${API}/Accounts/${this.accountSid}/Messages.json`;
    const query = new URLSearchParams(flat(request.query));
    return {
      messages: items,
      uri: `${uri}?${query}`,
      first_page_uri: `${uri}?${query}`,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: pageSize,
      start: 0,
      end: Math.max(items.length - 1, 0),
    };
  }

  private messageJson(message: FakeMessage): Record<string, unknown> {
    const uri = `${API}/Accounts/${this.accountSid}/Messages/${message.sid}.json`;
    return {
      sid: message.sid,
      account_sid: this.accountSid,
      messaging_service_sid: message.messagingServiceSid,
      to: message.to,
      from: message.from,
      body: message.body,
      status: message.status,
      direction: 'outbound-api',
      num_segments: String(message.numSegments),
      num_media: '0',
      error_code: null,
      error_message: null,
      price: null,
      price_unit: 'USD',
      api_version: '2010-04-01',
      date_created: message.dateCreated,
      date_updated: message.dateCreated,
      date_sent: null,
      uri,
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    };
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}

function sid(prefix: 'PN' | 'SM'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's date format: `Wed, 18 Aug 2010 20:01:40 +0000`. */
function rfc2822(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}

/** GSM-7 when the text is plain ASCII, UCS-2 otherwise; good enough for a fake. */
function roughSegments(body: string): number {
  const ucs2 = /[^\n\r\x20-\x7e]/.test(body);
  const [single, split] = ucs2 ? [70, 67] : [160, 153];
  return body.length <= single ? 1 : Math.ceil(body.length / split);
}

function collect(params: URLSearchParams): FormValues {
  const values: FormValues = {};
  for (const [key, value] of params) {
    const existing = values[key];
    if (existing === undefined) values[key] = value;
    else values[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return values;
}

function flat(values: FormValues): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, first(v) ?? '']));
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function basicAuth(header: string | undefined): RecordedRequest['auth'] {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function defaultCode(status: number): number {
  if (status === 401) return 20003;
  if (status === 404) return 20404;
  if (status === 429) return 20429;
  if (status === 503) return 20503;
  return status >= 500 ? 20500 : 21211;
}

function defaultMessage(code: number, form: FormValues): string {
  // Twilio quotes the number in this one, which is why adapters must never pass messages on raw.
  if (code === 21211) return `The 'To' number ${first(form.To) ?? ''} is not a valid phone number.`;
  return DEFAULT_MESSAGES[code] ?? 'Error';
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, {
    code,
    message,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status,
  });
}
