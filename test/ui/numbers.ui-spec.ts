import type { Browser } from 'playwright-core';
import {
  ApiAs,
  OpenedPage,
  ensureNumber,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
} from './support/harness';

/** Settings → SMS: claiming, the number card, releasing with confirmation, and who may do it. */
describe('Settings → SMS', () => {
  let browser: Browser;
  let owner: ApiAs;
  let opened: OpenedPage | null = null;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await ApiAs.signIn('owner');
  });
  afterEach(async () => {
    const errors = opened?.errors ?? [];
    await opened?.context.close();
    opened = null;
    expect(errors).toEqual([]);
  });
  afterAll(() => browser?.close());

  it('an owner claims a number from the empty state, sees its card, then releases it', async () => {
    await ensureNumber(owner, 'none');
    opened = await openPage(browser);
    const { page } = opened;
    await signIn(page, 'owner', '00-login-demo');
    await screenshot(page, '01-inbox-owner');

    // Hold the first answer back a moment so the loading state can be seen and recorded.
    let held = false;
    await page.route('**/api/sms/number', async (route) => {
      if (!held && route.request().method() === 'GET') {
        held = true;
        await new Promise((r) => setTimeout(r, 1200));
      }
      await route.continue();
    });
    await page.getByRole('link', { name: /Settings/ }).click();
    await page.locator('[aria-label="Loading your texting number"]').waitFor();
    await screenshot(page, '02-settings-sms-loading');
    await page.getByRole('heading', { name: 'Get a texting number' }).waitFor();
    await page.unroute('**/api/sms/number');
    const areaCode = page.getByLabel(/Area code/);
    await areaCode.fill('50');
    await areaCode.blur();
    await page.getByText('An area code is exactly 3 digits').waitFor();
    await screenshot(page, '03-settings-sms-area-code-error');
    expect(await areaCode.getAttribute('aria-invalid')).toBe('true');

    await areaCode.fill('503');
    await page.getByRole('button', { name: 'Search' }).click();
    const results = page.getByRole('list', { name: 'Available numbers' }).getByRole('listitem');
    await results.first().waitFor();
    const count = await results.count();
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThanOrEqual(10);
    await screenshot(page, '04-settings-sms-search-results');

    const first = results.first();
    const display = (await first.locator('.number-list__number').innerText()).trim();
    await first.getByRole('button', { name: /^Claim/ }).click();

    const card = page.getByTestId('number-card');
    await card.waitFor();
    await card.getByText('Active', { exact: true }).waitFor();
    expect(await card.innerText()).toContain(display);
    expect(await card.innerText()).toMatch(/Connected since/);
    expect(await card.innerText()).toMatch(/No texts sent yet|Last SMS sent/);
    await screenshot(page, '05-settings-sms-active');

    await card.getByRole('button', { name: 'Release number' }).click();
    const dialog = page.getByRole('dialog', { name: `Release ${display}?` });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      'You’ll lose this number. Conversations stay, but you won’t be able to send new SMS until you claim a different number.',
    );
    const confirm = dialog.getByRole('button', { name: 'Release number' });
    expect(await confirm.isDisabled()).toBe(true);
    // Any formatting of the number confirms: here, just its digits.
    await dialog.getByLabel(/to confirm/).fill(display.replace(/\D/g, ''));
    await screenshot(page, '06-settings-sms-release-dialog');
    expect(await confirm.isEnabled()).toBe(true);
    await confirm.click();

    await page.getByRole('heading', { name: 'Get a texting number' }).waitFor();
    expect(await page.getByTestId('number-card').count()).toBe(0);
    expect((await owner.get<{ state: string }>('/api/sms/number')).body.state).toBe('none');
  });

  it('staff see the number but no Claim, Search or Release', async () => {
    await ensureNumber(owner, 'none');
    opened = await openPage(browser);
    const { page } = opened;
    await signIn(page, 'staff');
    await page.getByRole('link', { name: /Settings/ }).click();
    await page.getByRole('heading', { name: 'No texting number yet' }).waitFor();
    expect(await page.getByRole('button', { name: 'Search' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Claim/ }).count()).toBe(0);
    await screenshot(page, '07-settings-sms-staff-none');

    await ensureNumber(owner, 'active');
    await page.reload();
    const card = page.getByTestId('number-card');
    await card.waitFor();
    await card.getByText('Active', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Release number' }).count()).toBe(0);
    await screenshot(page, '08-settings-sms-staff-active');
  });

  it('a viewer has no SMS settings: hidden from the menu, and the address says not allowed', async () => {
    const email = `viewer.${Date.now()}@demo.assurepro.test`;
    const created = await owner.post('/api/members', {
      email,
      name: 'Vera Viewer',
      role: 'viewer',
      password: 'viewer-password-1234',
    });
    expect(created.status).toBe(201);
    opened = await openPage(browser);
    const { page } = opened;
    await page.goto('/login');
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel('Password').fill('viewer-password-1234');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL('**/inbox');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await page.getByRole('link', { name: /Settings/ }).count()).toBe(0);
    await page.goto('/settings/sms');
    await page.getByRole('heading', { name: 'You don’t have access to this page' }).waitFor();
    await screenshot(page, '09-settings-sms-not-allowed');
  });
});
