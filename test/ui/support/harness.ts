import { Browser, BrowserContext, Page, chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the browser tests share: the server's address, the demo logins, Chromium, the API. */

export type Role = 'owner' | 'admin' | 'staff' | 'viewer';

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  name: string;
}

export const SCREENSHOTS = join(__dirname, '..', 'screenshots');

export function baseUrl(): string {
  const url = process.env.UI_BASE_URL;
  if (!url) throw new Error('UI_BASE_URL is not set: run through jest.ui.config.js');
  return url;
}

export function demoLogin(role: Role): DemoLogin {
  const logins = JSON.parse(process.env.UI_DEMO_LOGINS ?? '[]') as DemoLogin[];
  const login = logins.find((l) => l.role === role);
  if (!login) throw new Error(`The demo firm has no ${role} login`);
  return login;
}

export function serverLogTail(): string {
  const file = process.env.UI_SERVER_LOG;
  return file ? readFileSync(file, 'utf8').slice(-4000) : '';
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console.error calls, except the browser's own network lines. */
  errors: string[];
}

export async function openPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport, baseURL: baseUrl(), acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // "Failed to load resource: 4xx" is Chromium logging an HTTP answer the app handles itself.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors };
}

export async function signIn(page: Page, role: Role, screenshotName?: string): Promise<void> {
  const login = demoLogin(role);
  await page.goto('/login');
  if (screenshotName) {
    await page.getByRole('heading', { name: /Demo firm/ }).waitFor();
    await screenshot(page, screenshotName);
  }
  // The demo panel fills the form: that is how a person trying the product signs in.
  await page
    .getByRole('button', { name: new RegExp(login.email.replace(/[.@]/g, '\\$&')) })
    .click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL('**/inbox');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export async function waitUntil<T>(
  check: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 30000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Timed out waiting for ${what}${last ? ` (${String(last)})` : ''}`);
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
}

/** The API as one demo member, for arranging state the test then checks through the UI. */
export class ApiAs {
  private token: string | null = null;

  constructor(readonly role: Role) {}

  static async signIn(role: Role): Promise<ApiAs> {
    const api = new ApiAs(role);
    const login = demoLogin(role);
    const answer = await api.request<{ accessToken: string }>('POST', '/api/auth/login', {
      email: login.email,
      password: login.password,
    });
    if (answer.status !== 200) throw new Error(`Sign-in as ${role} failed: ${answer.status}`);
    api.token = answer.body.accessToken;
    return api;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl()}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }
}

export interface ClientRow {
  id: string;
  name: string;
  phone: string | null;
  sms: { optedOut: boolean };
}

export async function findClient(api: ApiAs, name: string): Promise<ClientRow> {
  const answer = await api.get<{ items: ClientRow[] }>(
    `/api/clients?search=${encodeURIComponent(name)}&limit=20`,
  );
  const client = answer.body.items.find((c) => c.name === name);
  if (!client) throw new Error(`No client named ${name}`);
  return client;
}

/** Whether a route is there yet (anything but 404 for an authorised caller). */
export async function routeExists(api: ApiAs, method: string, path: string): Promise<boolean> {
  const answer = await api.request(method, path, method === 'GET' ? undefined : {});
  return answer.status !== 404;
}

export type NumberState = { state: 'none' } | { state: 'active'; phoneNumber: string };

/** Gives the firm a number (or none) through the API, so each test starts where it needs. */
export async function ensureNumber(owner: ApiAs, want: 'none' | 'active'): Promise<NumberState> {
  const current = (await owner.get<NumberState>('/api/sms/number')).body;
  if (want === 'none' && current.state === 'active') {
    await owner.post('/api/sms/number/release', { confirmPhoneNumber: current.phoneNumber });
    return { state: 'none' };
  }
  if (want === 'active' && current.state === 'none') {
    const found = await owner.get<{ numbers: Array<{ phoneNumber: string }> }>(
      '/api/sms/available-numbers',
    );
    const claimed = await owner.post<NumberState>('/api/sms/number', {
      phoneNumber: found.body.numbers[0].phoneNumber,
    });
    if (claimed.status !== 201) throw new Error(`Claiming a number failed: ${claimed.status}`);
    return claimed.body;
  }
  return current;
}
