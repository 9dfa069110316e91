import { checkRegistrationForm, withoutEin, type RegistrationForm } from './registration-form';

const FIRM = 'Hill & Dale CPAs';

function form(): RegistrationForm {
  return {
    business: {
      legalName: 'Hill and Dale CPAs, LLC',
      ein: '12-3456789',
      businessType: 'Limited Liability Corporation',
      industry: 'financial',
      website: 'https://www.hillanddale.example',
      address: {
        street: ' 1200 SW Main St ',
        city: 'Portland',
        region: 'or',
        postalCode: '97201',
        country: 'us',
      },
    },
    contact: {
      firstName: 'Dana',
      lastName: 'Hill',
      email: 'Dana@HillAndDale.example',
      phone: '503.555.0100',
      jobTitle: 'Managing Partner',
    },
    campaign: {
      useCase: 'account_notification',
      description: 'Account notifications from an accounting firm to its clients about returns.',
      messageFlow:
        'Clients give their mobile number on the engagement letter and tick a box to agree.',
      sampleMessages: [
        'Hill & Dale CPAs: your 2024 return is ready to sign. Reply STOP to opt out.',
        'Hill and Dale CPAs: we received your documents, thank you.',
      ],
      hasEmbeddedLinks: false,
      hasEmbeddedPhone: false,
    },
  };
}

const fields = (f: RegistrationForm) => checkRegistrationForm(f, FIRM).errors.map((e) => e.field);

describe('checkRegistrationForm', () => {
  it('accepts a well-formed form and normalises it', () => {
    const { errors, form: checked } = checkRegistrationForm(form(), FIRM);
    expect(errors).toEqual([]);
    expect(checked.contact.phone).toBe('+15035550100');
    expect(checked.contact.email).toBe('dana@hillanddale.example');
    expect(checked.business.address).toMatchObject({
      street: '1200 SW Main St',
      region: 'OR',
      country: 'US',
    });
    expect(checked.business.industry).toBe('FINANCIAL');
    expect(checked.campaign.useCase).toBe('ACCOUNT_NOTIFICATION');
  });

  it.each([
    ['123456789', 'written'],
    ['12-345678', 'written'],
    ['07-1234567', 'never assigns'],
  ])('refuses the EIN %s without quoting it', (ein, why) => {
    const f = form();
    f.business.ein = ein;
    const [error] = checkRegistrationForm(f, FIRM).errors;
    expect(error.field).toBe('business.ein');
    expect(error.message).toContain(why);
    expect(error.message).not.toContain(ein);
  });

  it.each([
    'hillanddale.example',
    'ftp://hillanddale.example',
    'https://localhost',
    'https://a b.com',
  ])('refuses the website %s', (website) => {
    const f = form();
    f.business.website = website;
    expect(fields(f)).toEqual(['business.website']);
  });

  it('needs a sample naming the firm by its name or its legal name, LLC left out', () => {
    const f = form();
    f.campaign.sampleMessages[1] = 'Your documents arrived. Reply STOP to opt out.';
    expect(fields(f)).toEqual(['campaign.sampleMessages.1']);
  });

  it('needs opt-out language in at least one sample', () => {
    const f = form();
    f.campaign.sampleMessages[0] = 'Hill & Dale CPAs: please stop by to sign your return.';
    expect(fields(f)).toEqual(['campaign.sampleMessages']);
  });

  it('needs 2 to 5 distinct samples of 20 to 1024 characters', () => {
    const one = form();
    one.campaign.sampleMessages = one.campaign.sampleMessages.slice(0, 1);
    expect(fields(one)).toEqual(['campaign.sampleMessages']);
    const six = form();
    six.campaign.sampleMessages = Array.from(
      { length: 6 },
      (_, i) => `${six.campaign.sampleMessages[0]} ${i}`,
    );
    expect(fields(six)).toEqual(['campaign.sampleMessages']);
    const twins = form();
    twins.campaign.sampleMessages[1] = twins.campaign.sampleMessages[0];
    expect(fields(twins)).toEqual(['campaign.sampleMessages.1']);
    const long = form();
    long.campaign.sampleMessages[1] = `Hill & Dale CPAs ${'x'.repeat(1100)}`;
    expect(fields(long)).toEqual(['campaign.sampleMessages.1']);
  });

  it('holds the embedded link and phone flags to what the samples contain', () => {
    const f = form();
    f.campaign.sampleMessages[1] =
      'Hill & Dale CPAs: sign at www.hillanddale.example or call 503-555-0100.';
    expect(fields(f)).toEqual(['campaign.hasEmbeddedLinks', 'campaign.hasEmbeddedPhone']);
    f.campaign.hasEmbeddedLinks = true;
    f.campaign.hasEmbeddedPhone = true;
    expect(fields(f)).toEqual([]);
  });

  it('checks description and message flow lengths, use case and address', () => {
    const f = form();
    f.campaign.description = 'Short.';
    f.campaign.messageFlow = 'x'.repeat(2049);
    f.campaign.useCase = 'SPAM';
    f.business.address.region = 'ZZ';
    f.business.address.postalCode = '9720';
    f.business.address.country = 'CA';
    f.contact.phone = '555-0100';
    f.contact.email = 'nobody';
    expect(fields(f).sort()).toEqual(
      [
        'business.address.country',
        'business.address.postalCode',
        'business.address.region',
        'campaign.description',
        'campaign.messageFlow',
        'campaign.useCase',
        'contact.email',
        'contact.phone',
      ].sort(),
    );
  });

  it('splits the EIN off for storage', () => {
    const stored = withoutEin(checkRegistrationForm(form(), FIRM).form);
    expect(JSON.stringify(stored)).not.toContain('3456789');
    expect(stored.business.legalName).toBe('Hill and Dale CPAs, LLC');
  });
});
