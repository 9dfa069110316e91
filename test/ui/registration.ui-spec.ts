import type { Browser, Locator, Page, Route } from 'playwright-core';
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

interface RegistrationAnswer {
  status: 'not_started' | 'in_progress' | 'approved' | 'failed';
  steps: Array<{ name: string; status: string; detail: string | null; updatedAt: string | null }>;
  submitted: unknown;
  submittedAt: string | null;
}

const STEP_LABELS = [
  'Business profile',
  'A2P messaging profile',
  'Brand',
  'Messaging service',
  'Campaign',
];
const REGISTRATION = '**/api/sms/registration';
const MOBILE = { width: 375, height: 812 };
const NOT_STARTED: RegistrationAnswer = {
  status: 'not_started',
  steps: ['customer_profile', 'trust_product', 'brand', 'messaging_service', 'campaign'].map(
    (name) => ({ name, status: 'pending', detail: null, updatedAt: null }),
  ),
  submitted: null,
  submittedAt: null,
};

/**
 * Settings → SMS → Texting registration (A2P 10DLC) on the sandbox carrier. The demo firm is
 * shared by the whole UI run and a registration, once approved, stays approved: the tests that
 * only look at the form answer the registration read themselves when the firm is past the form,
 * and the two that go through the carrier review start from whatever state they find.
 */
describe('Texting registration', () => {
  let browser: Browser;
  let owner: ApiAs;
  let firmName: string;
  let opened: OpenedPage | null = null;

  beforeAll(async () => {
    browser = await launchBrowser();
    owner = await ApiAs.signIn('owner');
    firmName = (await owner.get<{ firmName: string }>('/api/firm/contact-card')).body.firmName;
  });
  afterEach(async () => {
    const errors = opened?.errors ?? [];
    // Answers this file rewrites may still be in flight: let them go before the page closes.
    await opened?.page.unrouteAll({ behavior: 'ignoreErrors' });
    await opened?.context.close();
    opened = null;
    expect(errors).toEqual([]);
  });
  afterAll(() => browser?.close());

  async function pageAs(
    role: 'owner' | 'staff',
    viewport?: { width: number; height: number },
  ): Promise<Page> {
    opened = await openPage(browser, viewport);
    await signIn(opened.page, role);
    return opened.page;
  }

  /** The registration once no carrier review is running. */
  async function settled(): Promise<RegistrationAnswer> {
    return waitUntil(
      async () => {
        const answer = await owner.get<RegistrationAnswer>('/api/sms/registration');
        return answer.status === 200 && answer.body.status !== 'in_progress' && answer.body;
      },
      'the registration to leave review',
      60000,
    );
  }

  /** Narrows to a phone's width once the sidebar has finished sliding away. */
  async function toMobile(page: Page): Promise<void> {
    await page.setViewportSize(MOBILE);
    await page.locator('.sidebar').waitFor({ state: 'hidden' });
  }

  async function openSettings(page: Page): Promise<Locator> {
    await page.goto('/settings/sms');
    const section = page.getByTestId('registration');
    await section.getByRole('heading', { name: 'Texting registration', exact: true }).waitFor();
    await section.getByTestId('registration-steps').waitFor();
    return section;
  }

  function field(form: Locator, label: string): Locator {
    return form.getByLabel(label, { exact: true });
  }

  async function describedBy(input: Locator): Promise<string> {
    const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/);
    const page = input.page();
    const texts = await Promise.all(
      ids.filter(Boolean).map((id) => page.locator(`[id="${id}"]`).innerText()),
    );
    return texts.join(' ');
  }

  async function isFocused(input: Locator): Promise<boolean> {
    const id = await input.getAttribute('id');
    const focused = input.page().locator(':focus');
    return (await focused.count()) === 1 && (await focused.getAttribute('id')) === id;
  }

  /** Fills every field; the EIN and the samples are what the tests vary. */
  async function fillForm(form: Locator, samples: string[]): Promise<void> {
    await field(form, 'Legal business name').fill(`${firmName} LLC`);
    await field(form, 'EIN (Employer Identification Number)').fill('12-3456789');
    await field(form, 'Business type').selectOption('Limited Liability Corporation');
    await field(form, 'Industry').selectOption('FINANCIAL');
    await field(form, 'Website').fill('https://www.hillanddale.example');
    await field(form, 'Street address').fill('1200 SW Main St, Suite 400');
    await field(form, 'City').fill('Portland');
    await field(form, 'State').selectOption('OR');
    await field(form, 'ZIP code').fill('97201');
    await field(form, 'First name').fill('Dana');
    await field(form, 'Last name').fill('Hill');
    await field(form, 'Job title').fill('Managing Partner');
    await field(form, 'Work email').fill('dana@hillanddale.example');
    await field(form, 'Phone').fill('(503) 555-0100');
    await field(form, 'What are your texts for?').selectOption('ACCOUNT_NOTIFICATION');
    await field(form, 'Describe the texts you send').fill(
      'Account notifications from an accounting firm to its clients about their tax returns and documents.',
    );
    await field(form, 'How do clients agree to receive texts?').fill(
      'Clients give their mobile number on the signed engagement letter and tick a box agreeing to receive texts from the firm.',
    );
    await fillSamples(form, samples);
  }

  async function fillSamples(form: Locator, samples: string[]): Promise<void> {
    const boxes = form.getByRole('textbox', { name: /^Sample message \d$/ });
    while ((await boxes.count()) < samples.length) {
      await form.getByRole('button', { name: 'Add a sample message' }).click();
    }
    for (let i = 0; i < samples.length; i++) {
      await field(form, `Sample message ${i + 1}`).fill(samples[i]);
    }
  }

  /** Adds `fields` to the real answers of GET `url`. */
  async function withHint(page: Page, url: string, fields: object): Promise<void> {
    await page.route(url, async (route) => {
      if (route.request().method() !== 'GET') return route.fallback();
      const response = await route.fetch();
      const json = await response.json();
      await route.fulfill({ response, json: { ...json, ...fields } });
    });
  }

  /** Answers the registration read with `answer` (and lets everything else through). */
  async function answerRegistration(page: Page, answer: RegistrationAnswer): Promise<void> {
    await page.route(REGISTRATION, (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({ status: 200, json: answer })
        : route.fallback(),
    );
  }

  it('an owner’s invalid form shows each problem on its field and sends nothing', async () => {
    const page = await pageAs('owner');
    // Whatever state the shared firm is in, this test looks at an empty form.
    await answerRegistration(page, NOT_STARTED);
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT' && request.url().includes('/api/sms/registration'))
        sent.push(request.url());
    });
    const section = await openSettings(page);
    const form = section.getByTestId('registration-form');
    await form.waitFor();
    expect(await section.getByTestId('registration-step').allInnerTexts()).toEqual(
      STEP_LABELS.map((label) => expect.stringContaining(label)),
    );

    // On blur: a malformed EIN and a website that is not a URL.
    const ein = field(form, 'EIN (Employer Identification Number)');
    await ein.fill('12345');
    await ein.blur();
    await form.getByText('Write the EIN as NN-NNNNNNN').waitFor();
    expect(await ein.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(ein)).toContain('Write the EIN as NN-NNNNNNN');
    const website = field(form, 'Website');
    await website.fill('hill and dale dot com');
    await website.blur();
    await form.getByText('Enter a full web address').waitFor();
    expect(await website.getAttribute('aria-invalid')).toBe('true');

    // On submit: every problem at once, the focus on the first invalid field.
    await field(form, 'Legal business name').fill(`${firmName} LLC`);
    await fillSamples(form, ['Hi!', `${firmName}: your return is ready to sign in the portal.`]);
    await form.getByRole('button', { name: /submit registration/i }).click();
    await waitUntil(() => isFocused(ein), 'the focus on the EIN');
    const invalid = async (label: string) =>
      (await field(form, label).getAttribute('aria-invalid')) === 'true';
    for (const label of [
      'EIN (Employer Identification Number)',
      'Website',
      'Business type',
      'Industry',
      'Street address',
      'State',
      'ZIP code',
      'Work email',
      'What are your texts for?',
      'Describe the texts you send',
      'Sample message 1',
    ]) {
      expect([label, await invalid(label)]).toEqual([label, true]);
    }
    expect(await invalid('Legal business name')).toBe(false);
    expect(await describedBy(field(form, 'Sample message 1'))).toMatch(
      /at least 20 characters[\s\S]*opt out/,
    );
    expect(await describedBy(field(form, 'Sample message 2'))).toContain('Reply STOP to opt out');
    expect(await invalid('Sample message 2')).toBe(false);
    await screenshot(page, '70-registration-invalid');
    await toMobile(page);
    await ein.scrollIntoViewIfNeeded();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
    await screenshot(page, '71-registration-invalid-mobile');
    expect(sent).toEqual([]);

    // Once the form passes its own checks, the server's 400 lands on the fields it names and a
    // 409 shows as a callout; both answered here so the firm's registration is left as it was.
    await page.setViewportSize({ width: 1280, height: 800 });
    await fillForm(form, [
      `${firmName}: your 2024 return is ready to sign in the portal. Reply STOP to opt out.`,
      `${firmName}: we received your documents, thank you. Reply STOP to opt out.`,
    ]);
    let answer: { status: number; body: object } = {
      status: 400,
      body: {
        code: 'validation_failed',
        detail: 'The registration form has problems carriers would reject.',
        errors: [
          { field: 'contact.phone', message: 'phone must be a US number or an E.164 number' },
          { field: 'campaign.sampleMessages.1', message: 'sample messages must differ' },
        ],
      },
    };
    await page.route(REGISTRATION, (route: Route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: answer.status,
            contentType: 'application/problem+json',
            body: JSON.stringify(answer.body),
          })
        : route.fallback(),
    );
    const submit = form.getByRole('button', { name: /submit registration/i });
    await submit.click();
    const phone = field(form, 'Phone');
    await waitUntil(() => isFocused(phone), 'the focus on the phone the server refused');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await describedBy(phone)).toContain('Phone must be a US number');
    expect(await describedBy(field(form, 'Sample message 2'))).toContain(
      'Sample messages must differ',
    );
    expect(await invalid('EIN (Employer Identification Number)')).toBe(false);
    await screenshot(page, '72-registration-server-errors');
    // Editing a field clears the server's complaint about it.
    await phone.fill('(503) 555-0101');
    expect(await phone.getAttribute('aria-invalid')).toBeNull();

    answer = {
      status: 409,
      body: {
        code: 'registration_in_progress',
        detail:
          'A registration is under review with the carrier; wait for its outcome before sending another.',
      },
    };
    await submit.click();
    const conflict = form.getByTestId('registration-form-error');
    await conflict.getByText('A registration is already under review').waitFor();
    expect(await conflict.innerText()).toContain('wait for its outcome');
    expect(await invalid('Sample message 2')).toBe(false);
    await screenshot(page, '73-registration-conflict');
  });

  it('staff see where the registration stands, without the form', async () => {
    const page = await pageAs('staff');
    const section = await openSettings(page);
    const steps = section.getByTestId('registration-step');
    expect(await steps.count()).toBe(5);
    expect(await steps.allInnerTexts()).toEqual(
      STEP_LABELS.map((label) => expect.stringContaining(label)),
    );
    await section.getByTestId('registration-status').waitFor();
    expect(await section.getByTestId('registration-form').count()).toBe(0);
    expect(await section.getByRole('button').count()).toBe(0);
    await screenshot(page, '74-registration-staff');

    // A rejection shows staff the carrier's reason, still without a way to resubmit.
    await answerRegistration(page, {
      ...NOT_STARTED,
      status: 'failed',
      steps: NOT_STARTED.steps.map((s, i) =>
        i < 4
          ? { ...s, status: 'approved' }
          : { ...s, status: 'failed', detail: 'The campaign description is too vague.' },
      ),
      submittedAt: new Date().toISOString(),
    });
    await page.reload();
    await section.getByTestId('registration-step-reason').waitFor();
    expect(await section.getByTestId('registration-step-reason').innerText()).toBe(
      'The campaign description is too vague.',
    );
    expect(await section.getByText('An owner or admin can fix the form').count()).toBe(1);
    expect(await section.getByRole('button').count()).toBe(0);
  });

  it('warns on the number card and in compose while the registration may block texts', async () => {
    await ensureNumber(owner, 'active');
    const ana = await findClient(owner, 'Ana Ortiz');
    const page = await pageAs('owner');
    // The sandbox carrier blocks nothing, so it never sets these: add them to the real answers.
    await withHint(page, '**/api/sms/number', {
      registration: { status: 'not_started', sendingMayBeBlocked: true },
    });
    await withHint(page, '**/api/clients/*/sms-availability', {
      warning: 'registration_not_approved',
    });

    await page.goto('/settings/sms');
    const card = page.getByTestId('number-card');
    const warning = card.getByTestId('number-registration-warning');
    await warning.waitFor();
    expect(await warning.innerText()).toContain(
      'Texts from this number may be blocked until your texting registration is approved',
    );
    await screenshot(page, '75-number-card-registration-warning');
    await warning.getByRole('link', { name: 'Go to texting registration' }).click();
    await page.waitForURL((url) => url.hash === '#texting-registration');
    await screenshot(page, '76-registration-from-number-card');

    await page.goto(`/inbox/${ana.id}`);
    await page.getByRole('heading', { name: 'Ana Ortiz' }).waitFor();
    const note = page.getByTestId('compose-registration-warning');
    await note.waitFor();
    expect(await note.innerText()).toContain(
      'Texts may be blocked by US carriers until your firm’s texting registration is approved',
    );
    // Only a warning: sending stays possible.
    await page.getByRole('textbox', { name: /Message to Ana Ortiz/ }).fill('Hi Ana');
    expect(await page.getByRole('button', { name: 'Send', exact: true }).isEnabled()).toBe(true);
    await toMobile(page);
    await note.scrollIntoViewIfNeeded();
    await screenshot(page, '77-compose-registration-warning-mobile');
    await note.getByRole('link', { name: /Settings → SMS/ }).click();
    await page.waitForURL((url) => url.hash === '#texting-registration');
    await page.getByTestId('registration-steps').waitFor();
  });

  it('a submission whose samples lack opt-out language is rejected with the reason, and can be fixed', async () => {
    const current = await settled();
    expect(current.status).not.toBe('approved');
    const page = await pageAs('owner');
    const section = await openSettings(page);
    if (current.status === 'failed')
      await section.getByRole('button', { name: 'Fix and resubmit' }).click();
    const form = section.getByTestId('registration-form');
    await fillForm(form, [
      `${firmName}: your 2024 return is ready to sign in the portal. Reply STOP to opt out.`,
      `${firmName}: we received your documents, thank you.`,
    ]);
    // Only one sample says how to opt out: enough to send, with a tip on the other.
    await form.getByText('Tip: reviewers may reject samples without opt-out language').waitFor();

    // The button stays disabled while the answer is on its way.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(REGISTRATION, async (route) => {
      if (route.request().method() !== 'PUT') return route.fallback();
      await held;
      await route.continue();
    });
    const submit = form.getByRole('button', { name: /submit registration/i });
    await submit.click();
    await waitUntil(() => submit.isDisabled(), 'the submit button to disable');
    await screenshot(page, '78-registration-sending');
    release();

    const campaign = section.locator('[data-step="campaign"]');
    await waitUntil(
      async () => (await campaign.getAttribute('data-status')) === 'failed',
      'the sandbox review to reject the campaign',
      60000,
    );
    const reason = campaign.getByTestId('registration-step-reason');
    expect(await reason.innerText()).toMatch(/opt out.*sample 2/i);
    await section.getByTestId('registration-status').getByText('Rejected').waitFor();
    for (const name of ['customer_profile', 'trust_product', 'brand', 'messaging_service']) {
      expect(await section.locator(`[data-step="${name}"]`).getAttribute('data-status')).toBe(
        'approved',
      );
    }
    expect(await section.getByTestId('registration-form').count()).toBe(0);
    await screenshot(page, '79-registration-rejected');

    await section.getByRole('button', { name: 'Fix and resubmit' }).click();
    const again = section.getByTestId('registration-form');
    await again.getByRole('heading', { name: 'Fix and resubmit' }).waitFor();
    expect(await field(again, 'Legal business name').inputValue()).toBe(`${firmName} LLC`);
    expect(await field(again, 'Sample message 2').inputValue()).toBe(
      `${firmName}: we received your documents, thank you.`,
    );
    const ein = field(again, 'EIN (Employer Identification Number)');
    expect(await ein.inputValue()).toBe('');
    expect(await describedBy(ein)).toContain('**-***6789');
    await screenshot(page, '80-registration-fix-and-resubmit');
  });

  it('an owner’s valid form walks the tracker to Approved', async () => {
    const current = await settled();
    expect(current.status).not.toBe('approved');
    const page = await pageAs('owner', MOBILE);
    const section = await openSettings(page);
    const samples = [
      `${firmName}: your 2024 return is ready to sign in the portal. Reply STOP to opt out.`,
      `${firmName}: we received your documents, thank you. Reply STOP to opt out, HELP for help.`,
    ];
    if (current.status === 'failed') {
      await section.getByRole('button', { name: 'Fix and resubmit' }).click();
      const form = section.getByTestId('registration-form');
      await field(form, 'EIN (Employer Identification Number)').fill('123456789');
      await field(form, 'EIN (Employer Identification Number)').blur();
      // Nine digits are written the IRS way as the field is left.
      expect(await field(form, 'EIN (Employer Identification Number)').inputValue()).toBe(
        '12-3456789',
      );
      await fillSamples(form, samples);
      await screenshot(page, '81-registration-resubmit-mobile');
      await form.getByRole('button', { name: 'Resubmit registration' }).click();
    } else {
      const form = section.getByTestId('registration-form');
      await fillForm(form, samples);
      await screenshot(page, '81-registration-filled-mobile');
      await form.getByRole('button', { name: 'Submit registration' }).click();
    }

    await section.getByTestId('registration-form').waitFor({ state: 'detached' });
    await waitUntil(
      async () =>
        (await section.getByTestId('registration-status').innerText()).trim() === 'Approved',
      'the tracker to reach Approved',
      60000,
    );
    const statuses = await section
      .getByTestId('registration-step')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-status')));
    expect(statuses).toEqual(['approved', 'approved', 'approved', 'approved', 'approved']);
    await section.getByText('Your firm is registered').waitFor();
    expect(await section.getByRole('button', { name: /submit|resubmit/i }).count()).toBe(0);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '82-registration-approved-mobile');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, '83-registration-approved');
    expect((await owner.get<RegistrationAnswer>('/api/sms/registration')).body.status).toBe(
      'approved',
    );
  });
});
