import type { Browser, Page } from 'playwright-core';
import {
  ApiAs,
  ClientRow,
  OpenedPage,
  ensureNumber,
  findClient,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  waitUntil,
} from './support/harness';

/** The inbox with the sandbox carrier: sending, delivery ticks, replies, opt-outs. */
describe('Inbox and compose', () => {
  let browser: Browser;
  let owner: ApiAs;
  let opened: OpenedPage | null = null;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await ApiAs.signIn('owner');
  });
  beforeEach(() => ensureNumber(owner, 'active'));
  afterEach(async () => {
    const errors = opened?.errors ?? [];
    await opened?.context.close();
    opened = null;
    expect(errors).toEqual([]);
  });
  afterAll(() => browser?.close());

  async function ownerPage(viewport?: { width: number; height: number }): Promise<Page> {
    opened = await openPage(browser, viewport);
    await signIn(opened.page, 'owner');
    return opened.page;
  }

  function messages(page: Page) {
    return page.getByRole('list', { name: 'Messages' }).getByTestId('message');
  }

  async function simulateInbound(from: string, body: string): Promise<void> {
    const answer = await owner.post('/api/sandbox/inbound', { from, body });
    expect(answer.status).toBe(202);
  }

  it('starts a conversation, shows the live counter, and sees the text go to delivered', async () => {
    const page = await ownerPage();
    await page.getByRole('button', { name: 'New message' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New message' });
    await dialog.getByRole('combobox').fill('Ana');
    await dialog.getByRole('option', { name: /Ana Ortiz/ }).click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Ana Ortiz' }).waitFor();

    const box = page.getByRole('textbox', { name: /Message to Ana Ortiz/ });
    await box.fill('Hi Ana, your 2025 return is ready to sign. Reply here with any questions!');
    const counter = page.getByTestId('sms-counter');
    await waitUntil(async () => /segment/.test(await counter.innerText()), 'the segment counter');
    expect(await counter.innerText()).toMatch(/GSM-7/);
    await screenshot(page, '10-thread-compose');

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = messages(page).filter({ hasText: 'your 2025 return is ready' });
    await sent.waitFor();
    expect(await sent.getAttribute('data-direction')).toBe('outbound');
    await waitUntil(
      async () => (await sent.getAttribute('data-status')) === 'delivered',
      'delivered',
    );
    await sent.getByText('Delivered').waitFor();
    expect(await box.inputValue()).toBe('');
    await screenshot(page, '11-thread-delivered');
  });

  it('a client reply shows an unread badge in the list and a notification on the bell', async () => {
    const ana = await findClient(owner, 'Ana Ortiz');
    const page = await ownerPage();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await simulateInbound(ana.phone as string, 'Thanks! I’ll sign it tonight.');

    const row = page.getByTestId('thread-row').filter({ hasText: 'Ana Ortiz' });
    await row.getByTestId('unread-badge').waitFor({ timeout: 20000 });
    expect(await row.innerText()).toContain('sign it tonight');
    const bell = page.getByRole('button', { name: /Notifications, \d+\+? unread/ });
    await bell.waitFor({ timeout: 20000 });
    await screenshot(page, '12-inbox-unread');

    await bell.click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await panel
      .getByRole('button', { name: /Ana Ortiz|New text/ })
      .first()
      .waitFor();
    await screenshot(page, '13-notifications-open');
    await panel
      .getByRole('button', { name: /Ana Ortiz|New text/ })
      .first()
      .click();

    await page.waitForURL(`**/inbox/${ana.id}`);
    await messages(page).filter({ hasText: 'sign it tonight' }).waitFor();
    await waitUntil(async () => (await row.getByTestId('unread-badge').count()) === 0, 'read');
  });

  it('the sandbox "Simulate client reply" plays the client from the thread', async () => {
    const ana = await findClient(owner, 'Ana Ortiz');
    const page = await ownerPage();
    await page.goto(`/inbox/${ana.id}`);
    await page.getByRole('button', { name: 'Simulate client reply' }).click();
    const form = page.getByTestId('simulate-reply');
    await form.getByRole('textbox').fill('Could we move our call to Friday?');
    await screenshot(page, '14-thread-simulate-reply');
    await form.getByRole('button', { name: 'Send as Ana' }).click();
    const reply = messages(page).filter({ hasText: 'move our call to Friday' });
    await reply.waitFor({ timeout: 20000 });
    expect(await reply.getAttribute('data-direction')).toBe('inbound');
  });

  it('a client who texts STOP gets the No SMS badge and compose is disabled with the reason', async () => {
    const carla = await findClient(owner, 'Carla Nguyen');
    await simulateInbound(carla.phone as string, 'STOP');
    await waitUntil(
      async () => (await owner.get<ClientRow>(`/api/clients/${carla.id}`)).body.sms.optedOut,
      'the opt-out to be recorded',
    );
    const page = await ownerPage();
    await page.goto(`/inbox/${carla.id}`);
    await page.getByRole('heading', { name: 'Carla Nguyen' }).waitFor();
    await page.locator('.thread__badges').getByText('No SMS').waitFor();
    const reason = page.getByTestId('compose-disabled-reason');
    await reason.waitFor();
    expect(await reason.innerText()).toMatch(/opted out/);
    expect(await page.getByRole('textbox', { name: /Message to Carla/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isDisabled()).toBe(true);
    await messages(page).filter({ hasText: 'STOP' }).waitFor();
    await screenshot(page, '15-thread-opted-out');
  });

  it('a reply that reads like an opt-out is flagged, and one click records the opt-out', async () => {
    const dmitri = await findClient(owner, 'Dmitri Volkov');
    await simulateInbound(dmitri.phone as string, 'Please stop texting me, I prefer email.');
    const page = await ownerPage();
    await page.goto(`/inbox/${dmitri.id}`);
    const flag = page.getByTestId('possible-opt-out').first();
    await flag.waitFor({ timeout: 20000 });
    await screenshot(page, '16-thread-possible-opt-out');
    await flag.getByRole('button', { name: 'Mark as opted out' }).click();
    await page.locator('.thread__badges').getByText('No SMS').waitFor();
    await page.getByTestId('compose-disabled-reason').waitFor();
    expect((await owner.get<ClientRow>(`/api/clients/${dmitri.id}`)).body.sms.optedOut).toBe(true);
  });

  it('a client without a phone can’t be texted, and says why', async () => {
    const evelyn = await findClient(owner, 'Evelyn Brooks');
    const page = await ownerPage();
    await page.goto(`/inbox/${evelyn.id}`);
    const reason = page.getByTestId('compose-disabled-reason');
    await reason.waitFor();
    expect(await reason.innerText()).toMatch(/no phone number/);
  });

  it('without a firm number the SMS option is hidden from compose', async () => {
    const ana = await findClient(owner, 'Ana Ortiz');
    await ensureNumber(owner, 'none');
    const page = await ownerPage();
    await page.goto(`/inbox/${ana.id}`);
    await page.getByTestId('compose-no-number').waitFor();
    expect(await page.getByTestId('composer').count()).toBe(0);
    await screenshot(page, '17-thread-no-firm-number');
  });

  it('works on a phone-sized screen', async () => {
    const ana = await findClient(owner, 'Ana Ortiz');
    const page = await ownerPage({ width: 375, height: 812 });
    await page.getByTestId('thread-row').first().waitFor();
    await screenshot(page, '18-mobile-inbox');
    await page.goto(`/inbox/${ana.id}`);
    await messages(page).first().waitFor();
    await screenshot(page, '19-mobile-thread');
    await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('link', { name: /Settings/ }).click();
    await page.getByTestId('number-card').waitFor();
    await screenshot(page, '20-mobile-settings');
  });
});
