import { FieldError, PhoneNumber } from '@app/kernel';
import { einProblem } from './ein';
import {
  BUSINESS_TYPES,
  INDUSTRIES,
  US_REGIONS,
  USE_CASES,
  hasEmbeddedLink,
  hasEmbeddedPhone,
  hasOptOutLanguage,
  mentionsName,
} from './registration-rules';

export interface RegistrationAddress {
  street: string;
  city: string;
  /** Two-letter US state or territory code. */
  region: string;
  postalCode: string;
  country: string;
}

export interface RegistrationBusiness {
  legalName: string;
  ein: string;
  businessType: string;
  industry: string;
  website: string;
  address: RegistrationAddress;
}

export interface RegistrationContact {
  firstName: string;
  lastName: string;
  email: string;
  /** E.164 once checked. */
  phone: string;
  jobTitle: string;
}

export interface RegistrationCampaign {
  useCase: string;
  description: string;
  messageFlow: string;
  sampleMessages: string[];
  hasEmbeddedLinks: boolean;
  hasEmbeddedPhone: boolean;
}

/** The onboarding form: what TrustHub, the brand and the campaign are built from. */
export interface RegistrationForm {
  business: RegistrationBusiness;
  contact: RegistrationContact;
  campaign: RegistrationCampaign;
}

/** The form as stored beside the encrypted EIN: everything but the EIN itself. */
export type StoredRegistrationForm = {
  business: Omit<RegistrationBusiness, 'ein'>;
  contact: RegistrationContact;
  campaign: RegistrationCampaign;
};

const SAMPLE_MIN = 20;
const SAMPLE_MAX = 1024;
const DESCRIPTION_MIN = 40;
const DESCRIPTION_MAX = 4096;
const FLOW_MIN = 40;
const FLOW_MAX = 2048;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const POSTAL_CODE = /^\d{5}(-\d{4})?$/;

/**
 * Checks the form against the rules US carriers reject registrations for most often, field by
 * field, and answers every problem at once together with the form normalised (trimmed, phone in
 * E.164, codes upper-cased). Messages never quote the EIN.
 */
export function checkRegistrationForm(
  raw: RegistrationForm,
  firmName: string,
): { errors: FieldError[]; form: RegistrationForm } {
  const errors: FieldError[] = [];
  const problem = (field: string, message: string) => errors.push({ field, message });
  const form = normalise(raw);
  const { business, contact, campaign } = form;

  length(problem, 'business.legalName', business.legalName, 2, 255);
  const ein = einProblem(business.ein);
  if (ein) problem('business.ein', ein);
  if (!BUSINESS_TYPES.includes(business.businessType)) {
    problem('business.businessType', `businessType must be one of: ${BUSINESS_TYPES.join(', ')}`);
  }
  if (!INDUSTRIES.includes(business.industry)) {
    problem('business.industry', `industry must be one of: ${INDUSTRIES.join(', ')}`);
  }
  if (!isWebsite(business.website)) {
    problem('business.website', 'website must be a URL such as https://www.example.com');
  }
  const address = business.address;
  length(problem, 'business.address.street', address.street, 3, 200);
  length(problem, 'business.address.city', address.city, 2, 100);
  if (!US_REGIONS.includes(address.region)) {
    problem('business.address.region', 'region must be a two-letter US state code such as OR');
  }
  if (!POSTAL_CODE.test(address.postalCode)) {
    problem('business.address.postalCode', 'postalCode must be a US ZIP code such as 97201');
  }
  if (address.country !== 'US') {
    problem('business.address.country', 'country must be US: only US businesses can register');
  }

  length(problem, 'contact.firstName', contact.firstName, 1, 100);
  length(problem, 'contact.lastName', contact.lastName, 1, 100);
  length(problem, 'contact.jobTitle', contact.jobTitle, 2, 100);
  if (!EMAIL.test(contact.email) || contact.email.length > 254) {
    problem('contact.email', 'email must be an email address');
  }
  const phone = PhoneNumber.parse(contact.phone);
  if (phone) contact.phone = phone.e164;
  else
    problem('contact.phone', 'phone must be a US number or an E.164 number such as +15035550142');

  if (!USE_CASES.includes(campaign.useCase)) {
    problem('campaign.useCase', `useCase must be one of: ${USE_CASES.join(', ')}`);
  }
  length(problem, 'campaign.description', campaign.description, DESCRIPTION_MIN, DESCRIPTION_MAX);
  length(problem, 'campaign.messageFlow', campaign.messageFlow, FLOW_MIN, FLOW_MAX);
  checkSamples(problem, campaign, [firmName, business.legalName]);
  return { errors, form };
}

function checkSamples(
  problem: (field: string, message: string) => void,
  campaign: RegistrationCampaign,
  names: string[],
): void {
  const samples = campaign.sampleMessages;
  if (samples.length < 2 || samples.length > 5) {
    problem('campaign.sampleMessages', 'sampleMessages must hold 2 to 5 sample messages');
    if (samples.length === 0) return;
  }
  samples.forEach((sample, i) => {
    const field = `campaign.sampleMessages.${i}`;
    if (sample.length < SAMPLE_MIN || sample.length > SAMPLE_MAX) {
      problem(field, `each sample message must be ${SAMPLE_MIN} to ${SAMPLE_MAX} characters`);
    }
    if (!names.some((name) => mentionsName(sample, name))) {
      problem(field, 'each sample message must name the firm, as clients will see it');
    }
    if (samples.indexOf(sample) !== i) problem(field, 'sample messages must differ');
  });
  if (!samples.some(hasOptOutLanguage)) {
    problem(
      'campaign.sampleMessages',
      'at least one sample message must say how to opt out, e.g. "Reply STOP to opt out"',
    );
  }
  if (!campaign.hasEmbeddedLinks && samples.some(hasEmbeddedLink)) {
    problem(
      'campaign.hasEmbeddedLinks',
      'a sample message contains a link: set hasEmbeddedLinks to true',
    );
  }
  if (!campaign.hasEmbeddedPhone && samples.some(hasEmbeddedPhone)) {
    problem(
      'campaign.hasEmbeddedPhone',
      'a sample message contains a phone number: set hasEmbeddedPhone to true',
    );
  }
}

function length(
  problem: (field: string, message: string) => void,
  field: string,
  value: string,
  min: number,
  max: number,
): void {
  const name = field.slice(field.lastIndexOf('.') + 1);
  if (value.length < min) {
    problem(
      field,
      min === 1 ? `${name} is required` : `${name} must be at least ${min} characters`,
    );
  } else if (value.length > max) {
    problem(field, `${name} must be at most ${max} characters`);
  }
}

function isWebsite(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(url.hostname) &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

function normalise(form: RegistrationForm): RegistrationForm {
  const { business, contact, campaign } = form;
  return {
    business: {
      legalName: tidy(business.legalName),
      ein: business.ein.trim(),
      businessType: business.businessType.trim(),
      industry: business.industry.trim().toUpperCase(),
      website: business.website.trim(),
      address: {
        street: tidy(business.address.street),
        city: tidy(business.address.city),
        region: business.address.region.trim().toUpperCase(),
        postalCode: business.address.postalCode.trim(),
        country: business.address.country.trim().toUpperCase(),
      },
    },
    contact: {
      firstName: tidy(contact.firstName),
      lastName: tidy(contact.lastName),
      email: contact.email.trim().toLowerCase(),
      phone: contact.phone.trim(),
      jobTitle: tidy(contact.jobTitle),
    },
    campaign: {
      useCase: campaign.useCase.trim().toUpperCase(),
      description: campaign.description.trim(),
      messageFlow: campaign.messageFlow.trim(),
      sampleMessages: campaign.sampleMessages.map((s) => s.trim()),
      hasEmbeddedLinks: campaign.hasEmbeddedLinks,
      hasEmbeddedPhone: campaign.hasEmbeddedPhone,
    },
  };
}

function tidy(value: string): string {
  return value.trim().replace(/\s+/g, ' ');
}

/** Splits the EIN off for encryption; the rest is stored as it is. */
export function withoutEin(form: RegistrationForm): StoredRegistrationForm {
  const { ein: _ein, ...business } = form.business;
  return { business, contact: form.contact, campaign: form.campaign };
}
