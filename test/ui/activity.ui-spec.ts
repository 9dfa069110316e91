import type { Browser } from 'playwright-core';
import { readFileSync } from 'node:fs';
import {
  ApiAs,
  OpenedPage,
  ensureNumber,
  launchBrowser,
  openPage,
  screenshot,
  signIn,
  waitUntil,
} from './support/harness';

/** The audit trail for owners and admins: filters and the CSV export. */
describe('Activity', () => {
  let browser: Browser;
  let owner: ApiAs;
  let opened: OpenedPage | null = null;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await ApiAs.signIn('owner');
    // A release and a claim: there is always number activity to find.
    await ensureNumber(owner, 'active');
    await ensureNumber(owner, 'none');
    await ensureNumber(owner, 'active');
  });
  afterEach(async () => {
    const errors = opened?.errors ?? [];
    await opened?.context.close();
    opened = null;
    expect(errors).toEqual([]);
  });
  afterAll(() => browser?.close());

  /** The owner's Activity page, its first rows shown. */
  async function ownerActivity() {
    opened = await openPage(browser);
    const { page } = opened;
    await signIn(page, 'owner');
    await page.getByRole('link', { name: 'Activity' }).click();
    const rows = page.getByTestId('activity-row');
    await rows.first().waitFor();
    return { page, rows };
  }

  it('lists events, filters by a type prefix, and exports CSV', async () => {
    const { page, rows } = await ownerActivity();
    await screenshot(page, '24-activity');

    await page.getByLabel('Event').selectOption('sms.number.*');
    await page.getByRole('button', { name: 'Apply' }).click();
    await waitUntil(async () => {
      const texts = await rows.allInnerTexts();
      return texts.length > 0 && texts.every((t) => /Number claimed|Number released/.test(t));
    }, 'only number events');
    await screenshot(page, '25-activity-filtered');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(csv).toContain('sms.number.claimed');
    expect(csv).not.toContain('sms.message.inbound');
  });

  it('names the member who acted, and filters by them', async () => {
    const me = await owner.get<{ name: string }>('/api/me');
    expect(me.status).toBe(200);
    const { page, rows } = await ownerActivity();

    // The owner claimed and released numbers above: those rows carry the owner's name.
    await page.getByLabel('Member').selectOption({ label: me.body.name });
    await page.getByRole('button', { name: 'Apply' }).click();
    await waitUntil(async () => {
      const texts = await rows.allInnerTexts();
      return (
        texts.length > 0 &&
        texts.every((t) => t.includes(me.body.name)) &&
        texts.some((t) => /Number claimed|Number released/.test(t))
      );
    }, "only the owner's events, each named");
  });

  it('staff have no Activity page', async () => {
    opened = await openPage(browser);
    const { page } = opened;
    await signIn(page, 'staff');
    expect(await page.getByRole('link', { name: 'Activity' }).count()).toBe(0);
    await page.goto('/activity');
    await page.getByRole('heading', { name: 'You don’t have access to this page' }).waitFor();
  });
});
