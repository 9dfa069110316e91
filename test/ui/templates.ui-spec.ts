import type { Browser, Page } from 'playwright-core';
import {
  ApiAs,
  OpenedPage,
  ensureNumber,
  findClient,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  waitUntil,
} from './support/harness';

/** SMS templates: an owner saves one in Settings → SMS and sends it from a conversation. */
describe('SMS templates', () => {
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

  async function ownerPage(): Promise<Page> {
    opened = await openPage(browser);
    await signIn(opened.page, 'owner');
    return opened.page;
  }

  it('creates a template in settings, sends it from a thread and sees it delivered', async () => {
    const stamp = Date.now().toString(36);
    const name = `Organizer ready ${stamp}`;
    const ana = await findClient(owner, 'Ana Ortiz');
    const page = await ownerPage();

    await page.goto('/settings/sms');
    const section = page.getByTestId('templates');
    await section.getByRole('heading', { name: 'Templates', exact: true }).waitFor();
    await section.getByRole('button', { name: 'New template' }).click();
    const dialog = page.getByRole('dialog', { name: 'New template' });
    await dialog.getByLabel('Name', { exact: true }).fill(name);
    const body = dialog.getByLabel('Text', { exact: true });
    await body.fill('Hi ');
    await dialog.getByRole('button', { name: 'Client first name' }).click();
    await waitUntil(
      async () => (await body.inputValue()) === 'Hi {{client.firstName}}',
      'the merge field to be inserted',
    );
    await body.press('End');
    await body.pressSequentially(
      `, your organizer ${stamp} is ready. – {{member.firstName}}, {{firm.name}}`,
    );
    await screenshot(page, '60-template-dialog');
    await dialog.getByRole('button', { name: 'Create template' }).click();

    const row = section.getByTestId('template-row').filter({ hasText: name });
    await row.waitFor();
    expect(await row.locator('mark.merge-field').count()).toBe(3);
    await screenshot(page, '61-templates-list');

    // The server's 409 (name taken) and 400 (unknown merge field) show on their fields.
    await section.getByRole('button', { name: 'New template' }).click();
    const again = page.getByRole('dialog', { name: 'New template' });
    await again.getByLabel('Name', { exact: true }).fill(name);
    await again.getByLabel('Text', { exact: true }).fill('Hi {{client.lastName}}');
    await again.getByRole('button', { name: 'Create template' }).click();
    await again.getByText(/unknown merge field/i).waitFor();
    await again.getByLabel('Text', { exact: true }).fill('Hi {{client.name}}');
    await again.getByRole('button', { name: 'Create template' }).click();
    await again.getByText(/already has a template with that name/i).waitFor();
    expect(await again.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe(
      'true',
    );
    await screenshot(page, '61b-template-name-taken');
    await again.getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`/inbox/${ana.id}`);
    await page.getByRole('heading', { name: 'Ana Ortiz' }).waitFor();
    await page.getByRole('button', { name: 'Templates', exact: true }).click();
    const picker = page.getByTestId('template-picker');
    await picker.getByRole('button', { name: new RegExp(name) }).click();
    const rendered = picker.getByTestId('template-rendered');
    await rendered.waitFor();
    const text = await rendered.innerText();
    expect(text).toContain(`your organizer ${stamp} is ready`);
    expect(text).not.toContain('{{');
    await screenshot(page, '62-template-preview');

    await picker.getByRole('button', { name: 'Send', exact: true }).click();
    const sent = page
      .getByRole('list', { name: 'Messages' })
      .getByTestId('message')
      .filter({ hasText: `your organizer ${stamp} is ready` });
    await sent.waitFor();
    expect(await sent.getAttribute('data-direction')).toBe('outbound');
    await waitUntil(
      async () => (await sent.getAttribute('data-status')) === 'delivered',
      'delivered',
    );
    await sent.getByText('Delivered').waitFor();
    await screenshot(page, '63-template-delivered');
  });
});
