import type { Browser } from 'playwright-core';
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

/** Owners and admins file texts from unknown numbers into the right client's conversation. */
describe('Unmatched', () => {
  let browser: Browser;
  let owner: ApiAs;
  let opened: OpenedPage | null = null;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await ApiAs.signIn('owner');
    await ensureNumber(owner, 'active');
  });
  afterEach(async () => {
    const errors = opened?.errors ?? [];
    await opened?.context.close();
    opened = null;
    expect(errors).toEqual([]);
  });
  afterAll(() => browser?.close());

  it('assigns a text from an unknown number to a client and saves the number to them', async () => {
    const unknown = `+1503555${String(Date.now() % 10000).padStart(4, '0')}`;
    const body = `Hi, it’s Evelyn from my new phone (${Date.now()})`;
    expect((await owner.post('/api/sandbox/inbound', { from: unknown, body })).status).toBe(202);

    opened = await openPage(browser);
    const { page } = opened;
    await signIn(page, 'admin');
    await page.getByRole('link', { name: /Unmatched/ }).click();
    const row = page.getByTestId('unmatched-row').filter({ hasText: body });
    await row.waitFor({ timeout: 20000 });
    await screenshot(page, '21-unmatched-list');

    await row.getByRole('button', { name: /Assign/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign to a client' });
    await dialog.getByRole('combobox').fill('Evelyn');
    await dialog.getByRole('option', { name: /Evelyn Brooks/ }).click();
    const save = dialog.getByRole('checkbox', { name: /Save this number to the client/ });
    expect(await save.isChecked()).toBe(true);
    await screenshot(page, '22-unmatched-assign-dialog');
    await dialog.getByRole('button', { name: 'Assign to Evelyn Brooks' }).click();

    await waitUntil(async () => (await row.count()) === 0, 'the row to leave Unmatched');
    const evelyn = await findClient(owner, 'Evelyn Brooks');
    expect(evelyn.phone).toBe(unknown);
    await page.goto(`/inbox/${evelyn.id}`);
    await page.getByRole('list', { name: 'Messages' }).getByText(body).waitFor();
  });

  it('offers the clients who share the number as likely matches', async () => {
    const ben = await findClient(owner, 'Ben Okafor');
    const body = `Is my quarterly estimate due yet? (${Date.now()})`;
    expect((await owner.post('/api/sandbox/inbound', { from: ben.phone, body })).status).toBe(202);

    opened = await openPage(browser);
    const { page } = opened;
    await signIn(page, 'owner');
    await page.goto('/unmatched');
    const row = page.getByTestId('unmatched-row').filter({ hasText: body });
    await row.waitFor({ timeout: 20000 });
    expect(await row.innerText()).toMatch(/Possibly .*(Ben Okafor|Okafor Landscaping LLC)/);

    await row.getByRole('button', { name: /Assign/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign to a client' });
    const suggestion = dialog.getByRole('option', { name: /Ben Okafor.*Likely match/ });
    await suggestion.waitFor();
    await screenshot(page, '23-unmatched-candidates');
    await suggestion.click();
    await dialog.getByRole('checkbox', { name: /Save this number/ }).uncheck();
    await dialog.getByRole('button', { name: 'Assign to Ben Okafor' }).click();
    await waitUntil(async () => (await row.count()) === 0, 'the row to leave Unmatched');
    const messages = await owner.get<{ items: Array<{ body: string }> }>(
      `/api/clients/${ben.id}/messages`,
    );
    expect(messages.body.items.map((m) => m.body)).toContain(body);
    expect((await owner.get<ClientRow>(`/api/clients/${ben.id}`)).body.phone).toBe(ben.phone);
  });

  it('staff have no Unmatched page', async () => {
    opened = await openPage(browser);
    const { page } = opened;
    await signIn(page, 'staff');
    expect(await page.getByRole('link', { name: /Unmatched/ }).count()).toBe(0);
    await page.goto('/unmatched');
    await page.getByRole('heading', { name: 'You don’t have access to this page' }).waitFor();
  });
});
