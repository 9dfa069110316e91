import {
  ChangeEvent,
  FormEvent,
  ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import { ApiError, api } from '../api/client';
import type { components } from '../api/schema';
import type {
  Registration,
  RegistrationForm,
  RegistrationStatus,
  RegistrationStep,
  RegistrationStepName,
  RegistrationStepStatus,
} from '../api/types';
import { Icon } from '../components/icon';
import { Badge, BadgeTone, Button, Callout, Skeleton, Spinner } from '../components/ui';
import { formatDateTime } from '../lib/format';
import { useInterval, useResource } from '../lib/hooks';
import { useToast } from '../lib/toast';
import './sms-registration.css';

function isOneOf(values: readonly string[], value: string): boolean {
  return values.includes(value);
}

/** Where the number card and the composer link to. */
export const REGISTRATION_ANCHOR = 'texting-registration';
/** How often the tracker refreshes while the carrier works through the steps. */
const POLL_MS = 3000;

// ---- The server's rules (libs/numbers/src/domain/registration), mirrored for inline checks ----
// The lists are typed by the server's OpenAPI schema, and schema-check.ts fails the web build
// when the server accepts a value they leave out, so they cannot drift from it.

type Schemas = components['schemas'];
export type BusinessType = Schemas['RegistrationBusinessDto']['businessType'];
export type Industry = Schemas['RegistrationBusinessDto']['industry'];
export type UseCase = Schemas['RegistrationCampaignDto']['useCase'];

export const BUSINESS_TYPES = [
  'Sole Proprietorship',
  'Partnership',
  'Limited Liability Corporation',
  'Co-operative',
  'Non-profit Corporation',
  'Corporation',
] as const satisfies readonly BusinessType[];

export const INDUSTRIES = [
  'AGRICULTURE',
  'AUTOMOTIVE',
  'BANKING',
  'CONSUMER',
  'EDUCATION',
  'ELECTRONICS',
  'ENERGY',
  'ENGINEERING',
  'FAST_MOVING_CONSUMER_GOODS',
  'FINANCIAL',
  'FINTECH',
  'FOOD_AND_BEVERAGE',
  'GOVERNMENT',
  'HEALTHCARE',
  'HOSPITALITY',
  'INSURANCE',
  'JEWELRY',
  'LEGAL',
  'MANUFACTURING',
  'MEDIA',
  'NOT_FOR_PROFIT',
  'OIL_AND_GAS',
  'ONLINE',
  'RAW_MATERIALS',
  'REAL_ESTATE',
  'RELIGION',
  'RETAIL',
  'TECHNOLOGY',
  'TELECOMMUNICATIONS',
  'TRANSPORTATION',
  'TRAVEL',
] as const satisfies readonly Industry[];

export const USE_CASES = [
  { value: 'ACCOUNT_NOTIFICATION', label: 'Account notifications (documents, returns, deadlines)' },
  { value: 'CUSTOMER_CARE', label: 'Customer care (answering clients’ questions)' },
  { value: 'MIXED', label: 'Mixed (notifications and customer care)' },
  { value: 'LOW_VOLUME', label: 'Low volume mixed (under 2,000 texts a day)' },
  { value: 'DELIVERY_NOTIFICATION', label: 'Delivery notifications' },
  { value: 'FRAUD_ALERT', label: 'Fraud alerts' },
  { value: 'SECURITY_ALERT', label: 'Security alerts' },
  { value: '2FA', label: 'Two-factor authentication codes' },
  { value: 'MARKETING', label: 'Marketing' },
  { value: 'HIGHER_EDUCATION', label: 'Higher education' },
  { value: 'POLLING_VOTING', label: 'Polling and voting' },
  { value: 'PUBLIC_SERVICE_ANNOUNCEMENT', label: 'Public service announcements' },
] as const satisfies ReadonlyArray<{ value: UseCase; label: string }>;

const US_REGIONS: Array<[string, string]> = [
  ['AL', 'Alabama'],
  ['AK', 'Alaska'],
  ['AS', 'American Samoa'],
  ['AZ', 'Arizona'],
  ['AR', 'Arkansas'],
  ['CA', 'California'],
  ['CO', 'Colorado'],
  ['CT', 'Connecticut'],
  ['DE', 'Delaware'],
  ['DC', 'District of Columbia'],
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['GU', 'Guam'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois'],
  ['IN', 'Indiana'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas'],
  ['KY', 'Kentucky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland'],
  ['MA', 'Massachusetts'],
  ['MI', 'Michigan'],
  ['MN', 'Minnesota'],
  ['MS', 'Mississippi'],
  ['MO', 'Missouri'],
  ['MT', 'Montana'],
  ['NE', 'Nebraska'],
  ['NV', 'Nevada'],
  ['NH', 'New Hampshire'],
  ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'],
  ['NY', 'New York'],
  ['NC', 'North Carolina'],
  ['ND', 'North Dakota'],
  ['MP', 'Northern Mariana Islands'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma'],
  ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'],
  ['PR', 'Puerto Rico'],
  ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'],
  ['SD', 'South Dakota'],
  ['TN', 'Tennessee'],
  ['TX', 'Texas'],
  ['VI', 'U.S. Virgin Islands'],
  ['UT', 'Utah'],
  ['VT', 'Vermont'],
  ['VA', 'Virginia'],
  ['WA', 'Washington'],
  ['WV', 'West Virginia'],
  ['WI', 'Wisconsin'],
  ['WY', 'Wyoming'],
];

const EIN_FORMAT = /^\d{2}-\d{7}$/;
const UNASSIGNED_EIN_PREFIXES = new Set(
  '00 07 08 09 17 18 19 28 29 49 69 70 78 79 89 96 97'.split(' '),
);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const POSTAL_CODE = /^\d{5}(-\d{4})?$/;
const SAMPLE_MIN = 20;
const SAMPLE_MAX = 1024;
const DESCRIPTION_MIN = 40;
const FLOW_MIN = 40;
const MIN_SAMPLES = 2;
const MAX_SAMPLES = 5;

function hasOptOutLanguage(text: string): boolean {
  return (
    /\b(STOP|STOPALL|UNSUBSCRIBE|OPTOUT)\b/.test(text) ||
    /\b(opt[\s-]?out|unsubscribe)\b/i.test(text)
  );
}

function hasEmbeddedLink(text: string): boolean {
  return /\bhttps?:\/\/\S+|\bwww\.\S+|\b[a-z0-9-]+\.(com|net|org|io|co|us|biz|info|law|cpa)\b/i.test(
    text,
  );
}

function hasEmbeddedPhone(text: string): boolean {
  return /(?<!\d)(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)/.test(text);
}

const ENTITY_SUFFIX =
  /\s+(llc|l l c|inc|incorporated|corp|corporation|co|company|ltd|limited|pc|pllc|llp|lp|pa)$/;

function simplify(value: string): string {
  return value
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function mentionsName(text: string, name: string): boolean {
  const wanted = simplify(name);
  if (!wanted) return false;
  const haystack = ` ${simplify(text)} `;
  const short = wanted.replace(ENTITY_SUFFIX, '');
  return haystack.includes(` ${wanted} `) || (short.length > 0 && haystack.includes(` ${short} `));
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

function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '');
  if (value.trim().startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  return digits.length === 10 || (digits.length === 11 && digits.startsWith('1'));
}

// ---- Labels ----

const STEP_LABELS: Record<RegistrationStepName, { label: string; about: string }> = {
  customer_profile: {
    label: 'Business profile',
    about: 'Your firm’s legal identity and authorised contact',
  },
  trust_product: {
    label: 'A2P messaging profile',
    about: 'Confirms your firm may text its clients',
  },
  brand: { label: 'Brand', about: 'Carriers verify the business behind the texts' },
  messaging_service: {
    label: 'Messaging service',
    about: 'Your texting number joins the registered service',
  },
  campaign: { label: 'Campaign', about: 'Carriers review how and why you text clients' },
};

const STEP_STATUS: Record<RegistrationStepStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: 'Not started', tone: 'neutral' },
  in_progress: { label: 'In progress', tone: 'info' },
  in_review: { label: 'In review', tone: 'info' },
  approved: { label: 'Approved', tone: 'success' },
  failed: { label: 'Rejected', tone: 'danger' },
};

const STATUS: Record<RegistrationStatus, { label: string; tone: BadgeTone }> = {
  not_started: { label: 'Not registered', tone: 'warning' },
  in_progress: { label: 'In review', tone: 'info' },
  approved: { label: 'Approved', tone: 'success' },
  failed: { label: 'Rejected', tone: 'danger' },
};

function industryLabel(value: string): string {
  const words = value.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Server messages start with the field's name in lower case ("website must be…"). */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

// ---- The section ----

/**
 * Settings → SMS → Texting registration: where the firm's A2P 10DLC registration stands, step by
 * step, refreshed while the carrier works on it; owners and admins fill in and resubmit the form.
 */
export function RegistrationSection({ canEdit }: { canEdit: boolean }) {
  const registration = useResource(() => api.get<Registration>('/api/sms/registration'), []);
  const firm = useResource(
    () => api.get<{ firmName: string }>('/api/firm/contact-card').catch(() => null),
    [],
  );
  const [editing, setEditing] = useState(false);
  /** A 409 from the last submit, kept on screen after the form gives way to the tracker. */
  const [conflict, setConflict] = useState<Notice | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  const data = registration.data;
  const status = data?.status;

  useInterval(() => void registration.reload(), status === 'in_progress' ? POLL_MS : null);

  // Arriving from the number card or the composer: bring the section into view once it is drawn.
  const scrolled = useRef(false);
  useEffect(() => {
    if (!data || scrolled.current) return;
    scrolled.current = true;
    if (window.location.hash === `#${REGISTRATION_ANCHOR}`) {
      sectionRef.current?.scrollIntoView({ block: 'start' });
    }
  }, [data]);

  // Viewers may not read it (403): the section is simply not theirs.
  if (registration.error instanceof ApiError && registration.error.status === 403) return null;

  const showForm = canEdit && (status === 'not_started' || (status === 'failed' && editing));

  return (
    <section
      ref={sectionRef}
      id={REGISTRATION_ANCHOR}
      className="section"
      aria-labelledby="registration-heading"
      data-testid="registration"
    >
      <div className="section__header">
        <h2 id="registration-heading" className="section__title">
          Texting registration
        </h2>
        {data && (
          <span data-testid="registration-status" aria-live="polite">
            <Badge tone={STATUS[data.status].tone} dot>
              {STATUS[data.status].label}
            </Badge>
          </span>
        )}
      </div>
      {registration.loading && !data ? (
        <div
          className="card registration"
          aria-busy="true"
          role="status"
          aria-label="Loading your texting registration"
        >
          <Skeleton width="70%" />
          <div className="stack-xs">
            {[0, 1, 2, 3, 4].map((i) => (
              <Skeleton key={i} width={`${60 - i * 6}%`} height={16} />
            ))}
          </div>
        </div>
      ) : registration.error && !data ? (
        <Callout tone="danger" title="Couldn’t load your texting registration">
          {(registration.error as Error).message}{' '}
          <button type="button" className="link-button" onClick={() => void registration.reload()}>
            Try again
          </button>
        </Callout>
      ) : data ? (
        <div className="card registration">
          <p className="registration__intro">
            US carriers block business texts from numbers that aren’t registered for A2P 10DLC, so
            your firm registers once with its business details and a description of the texts it
            sends.
          </p>
          {conflict && !showForm && (
            <div role="alert" data-testid="registration-conflict">
              <Callout tone="warning" title={conflict.title}>
                {conflict.text}
              </Callout>
            </div>
          )}
          <StatusSummary registration={data} canEdit={canEdit} />
          <StepTracker steps={data.steps} />
          {canEdit && status === 'failed' && !editing && (
            <div className="registration__actions">
              <Button variant="primary" icon="refresh" onClick={() => setEditing(true)}>
                Fix and resubmit
              </Button>
            </div>
          )}
          {showForm && (
            <RegistrationFormView
              key={`${data.status}-${data.submittedAt ?? 'new'}`}
              previous={status === 'failed' ? data.submitted : null}
              firmName={firm.data?.firmName ?? null}
              onCancel={status === 'failed' ? () => setEditing(false) : undefined}
              onSubmitted={(next) => {
                setConflict(null);
                registration.setData(next);
                setEditing(false);
                sectionRef.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
              }}
              onConflict={(notice) => {
                setConflict(notice);
                void registration.reload();
              }}
            />
          )}
        </div>
      ) : null}
    </section>
  );
}

function StatusSummary({
  registration,
  canEdit,
}: {
  registration: Registration;
  canEdit: boolean;
}) {
  const submitted = registration.submittedAt ? formatDateTime(registration.submittedAt) : null;
  switch (registration.status) {
    case 'not_started':
      return canEdit ? (
        <Callout tone="warning" title="Your firm isn’t registered yet">
          Fill in the form below. Carrier review usually takes a few days; you can keep texting
          meanwhile, but some texts may be blocked until it’s approved.
        </Callout>
      ) : (
        <Callout tone="warning" title="Your firm isn’t registered yet">
          An owner or admin of your firm can register it here. Until then, some texts may be blocked
          by US carriers.
        </Callout>
      );
    case 'in_progress':
      return (
        <Callout tone="info" title="Under review with the carriers">
          Submitted {submitted}. This page updates by itself as each step completes; nothing else is
          needed from you unless a step is rejected.
        </Callout>
      );
    case 'approved':
      return (
        <Callout tone="info" icon="check-circle" title="Your firm is registered">
          US carriers accept texts from your number. Submitted {submitted}.
        </Callout>
      );
    case 'failed':
      return (
        <Callout tone="danger" title="The carrier rejected the registration">
          {canEdit
            ? 'See the reason on the rejected step below, fix the form and submit it again.'
            : 'See the reason on the rejected step below. An owner or admin can fix the form and submit it again.'}
        </Callout>
      );
  }
}

function StepTracker({ steps }: { steps: RegistrationStep[] }) {
  return (
    <ol className="reg-steps" aria-label="Registration steps" data-testid="registration-steps">
      {steps.map((step, i) => {
        const meta = STEP_LABELS[step.name] ?? { label: step.name, about: '' };
        const state = STEP_STATUS[step.status] ?? { label: step.status, tone: 'neutral' };
        return (
          <li
            key={step.name}
            className={`reg-step reg-step--${step.status}`}
            data-testid="registration-step"
            data-step={step.name}
            data-status={step.status}
          >
            <span className="reg-step__marker" aria-hidden="true">
              {step.status === 'approved' ? (
                <Icon name="check" size={14} />
              ) : step.status === 'failed' ? (
                <Icon name="x" size={14} />
              ) : step.status === 'in_progress' || step.status === 'in_review' ? (
                <Spinner />
              ) : (
                i + 1
              )}
            </span>
            <div className="reg-step__body">
              <div className="reg-step__head">
                <span className="reg-step__label">{meta.label}</span>
                <Badge tone={state.tone}>{state.label}</Badge>
              </div>
              {step.status === 'failed' && step.detail ? (
                <p className="reg-step__reason" data-testid="registration-step-reason">
                  {step.detail}
                </p>
              ) : (
                <p className="reg-step__detail">
                  {step.detail && step.status !== 'approved' ? step.detail : meta.about}
                </p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

// ---- The form ----

interface Notice {
  title: string;
  text: string;
}

type TextField =
  | 'business.legalName'
  | 'business.ein'
  | 'business.businessType'
  | 'business.industry'
  | 'business.website'
  | 'business.address.street'
  | 'business.address.city'
  | 'business.address.region'
  | 'business.address.postalCode'
  | 'contact.firstName'
  | 'contact.lastName'
  | 'contact.jobTitle'
  | 'contact.email'
  | 'contact.phone'
  | 'campaign.useCase'
  | 'campaign.description'
  | 'campaign.messageFlow';

interface Values {
  text: Record<TextField, string>;
  samples: string[];
  hasEmbeddedLinks: boolean;
  hasEmbeddedPhone: boolean;
}

const SAMPLES = 'campaign.sampleMessages';
const LINKS = 'campaign.hasEmbeddedLinks';
const PHONE = 'campaign.hasEmbeddedPhone';

/** Fields in the order they appear, so the first invalid one gets the focus. */
const FIELD_ORDER: string[] = [
  'business.legalName',
  'business.ein',
  'business.businessType',
  'business.industry',
  'business.website',
  'business.address.street',
  'business.address.city',
  'business.address.region',
  'business.address.postalCode',
  'contact.firstName',
  'contact.lastName',
  'contact.jobTitle',
  'contact.email',
  'contact.phone',
  'campaign.useCase',
  'campaign.description',
  'campaign.messageFlow',
  ...Array.from({ length: MAX_SAMPLES }, (_, i) => `${SAMPLES}.${i}`),
  SAMPLES,
  LINKS,
  PHONE,
];

function initialValues(previous: RegistrationForm | null): Values {
  const b = previous?.business;
  const c = previous?.contact;
  const k = previous?.campaign;
  const samples = k?.sampleMessages?.length ? [...k.sampleMessages] : ['', ''];
  while (samples.length < MIN_SAMPLES) samples.push('');
  return {
    text: {
      'business.legalName': b?.legalName ?? '',
      // Only the last four digits ever come back: the full EIN is typed again.
      'business.ein': '',
      'business.businessType': b?.businessType ?? '',
      'business.industry': b?.industry ?? '',
      'business.website': b?.website ?? '',
      'business.address.street': b?.address?.street ?? '',
      'business.address.city': b?.address?.city ?? '',
      'business.address.region': b?.address?.region ?? '',
      'business.address.postalCode': b?.address?.postalCode ?? '',
      'contact.firstName': c?.firstName ?? '',
      'contact.lastName': c?.lastName ?? '',
      'contact.jobTitle': c?.jobTitle ?? '',
      'contact.email': c?.email ?? '',
      'contact.phone': c?.phone ?? '',
      'campaign.useCase': k?.useCase ?? '',
      'campaign.description': k?.description ?? '',
      'campaign.messageFlow': k?.messageFlow ?? '',
    },
    samples: samples.slice(0, MAX_SAMPLES),
    hasEmbeddedLinks: k?.hasEmbeddedLinks ?? false,
    hasEmbeddedPhone: k?.hasEmbeddedPhone ?? false,
  };
}

function lengthProblem(value: string, min: number, what: string): string | null {
  const n = value.trim().length;
  if (n === 0) return `Enter ${what}.`;
  if (n < min) return `Write at least ${min} characters (${n} so far).`;
  return null;
}

/** The server's main rules, field by field; messages written for the person filling it in. */
function validate(values: Values, firmName: string | null): Record<string, string> {
  const errors: Record<string, string> = {};
  const t = values.text;
  const set = (field: string, message: string | null) => {
    if (message && !errors[field]) errors[field] = message;
  };
  set('business.legalName', lengthProblem(t['business.legalName'], 2, 'the legal business name'));
  const ein = t['business.ein'].trim();
  if (!ein) set('business.ein', 'Enter the firm’s EIN.');
  else if (!EIN_FORMAT.test(ein))
    set('business.ein', 'Write the EIN as NN-NNNNNNN: two digits, a hyphen and seven digits.');
  else if (UNASSIGNED_EIN_PREFIXES.has(ein.slice(0, 2)))
    set('business.ein', 'This isn’t a valid EIN: the IRS never assigns its first two digits.');
  if (!isOneOf(BUSINESS_TYPES, t['business.businessType']))
    set('business.businessType', 'Choose the business type.');
  if (!isOneOf(INDUSTRIES, t['business.industry'])) set('business.industry', 'Choose an industry.');
  const website = t['business.website'].trim();
  if (!website) set('business.website', 'Enter the firm’s website.');
  else if (!isWebsite(website))
    set('business.website', 'Enter a full web address, such as https://www.yourfirm.com.');
  set('business.address.street', lengthProblem(t['business.address.street'], 3, 'the street'));
  set('business.address.city', lengthProblem(t['business.address.city'], 2, 'the city'));
  if (!US_REGIONS.some(([code]) => code === t['business.address.region']))
    set('business.address.region', 'Choose the state.');
  if (!POSTAL_CODE.test(t['business.address.postalCode'].trim()))
    set('business.address.postalCode', 'Enter a US ZIP code, such as 97201.');

  if (!t['contact.firstName'].trim()) set('contact.firstName', 'Enter the first name.');
  if (!t['contact.lastName'].trim()) set('contact.lastName', 'Enter the last name.');
  set('contact.jobTitle', lengthProblem(t['contact.jobTitle'], 2, 'the job title'));
  const email = t['contact.email'].trim();
  if (!email) set('contact.email', 'Enter an email address.');
  else if (!EMAIL.test(email))
    set('contact.email', 'Enter an email address, such as dana@firm.com.');
  const phone = t['contact.phone'].trim();
  if (!phone) set('contact.phone', 'Enter a phone number.');
  else if (!isPhone(phone))
    set('contact.phone', 'Enter a US phone number, such as (503) 555-0142, or +15035550142.');

  if (!USE_CASES.some((u) => u.value === t['campaign.useCase']))
    set('campaign.useCase', 'Choose what your texts are for.');
  set(
    'campaign.description',
    lengthProblem(t['campaign.description'], DESCRIPTION_MIN, 'a description'),
  );
  set(
    'campaign.messageFlow',
    lengthProblem(t['campaign.messageFlow'], FLOW_MIN, 'how clients agree to texts'),
  );

  const samples = values.samples.map((s) => s.trim());
  const names = [firmName ?? '', t['business.legalName']].filter((n) => n.trim());
  samples.forEach((sample, i) => {
    const field = `${SAMPLES}.${i}`;
    if (!sample) set(field, 'Write a sample message, or remove this one.');
    else if (sample.length < SAMPLE_MIN)
      set(field, `Write at least ${SAMPLE_MIN} characters (${sample.length} so far).`);
    else if (sample.length > SAMPLE_MAX) set(field, `Keep it under ${SAMPLE_MAX} characters.`);
    else if (names.length > 0 && !names.some((name) => mentionsName(sample, name)))
      set(field, 'Name your firm in the text, as clients will see it.');
    else if (samples.indexOf(sample) !== i) set(field, 'Each sample message must be different.');
  });
  if (samples.length < MIN_SAMPLES || samples.length > MAX_SAMPLES)
    set(SAMPLES, `Give ${MIN_SAMPLES} to ${MAX_SAMPLES} sample messages.`);
  else if (samples.every((s) => s) && !samples.some(hasOptOutLanguage))
    set(SAMPLES, 'At least one sample must say how to opt out, e.g. “Reply STOP to opt out”.');
  if (!values.hasEmbeddedLinks && samples.some(hasEmbeddedLink))
    set(LINKS, 'A sample message contains a link: tick this box.');
  if (!values.hasEmbeddedPhone && samples.some(hasEmbeddedPhone))
    set(PHONE, 'A sample message contains a phone number: tick this box.');
  return errors;
}

function toBody(values: Values): RegistrationForm {
  const t = values.text;
  return {
    business: {
      legalName: t['business.legalName'].trim(),
      ein: t['business.ein'].trim(),
      businessType: t['business.businessType'],
      industry: t['business.industry'],
      website: t['business.website'].trim(),
      address: {
        street: t['business.address.street'].trim(),
        city: t['business.address.city'].trim(),
        region: t['business.address.region'],
        postalCode: t['business.address.postalCode'].trim(),
        country: 'US',
      },
    },
    contact: {
      firstName: t['contact.firstName'].trim(),
      lastName: t['contact.lastName'].trim(),
      email: t['contact.email'].trim(),
      phone: t['contact.phone'].trim(),
      jobTitle: t['contact.jobTitle'].trim(),
    },
    campaign: {
      useCase: t['campaign.useCase'],
      description: t['campaign.description'].trim(),
      messageFlow: t['campaign.messageFlow'].trim(),
      sampleMessages: values.samples.map((s) => s.trim()),
      hasEmbeddedLinks: values.hasEmbeddedLinks,
      hasEmbeddedPhone: values.hasEmbeddedPhone,
    },
  };
}

/** Tidies a field as it is left: an EIN typed as 9 digits, a website without https://. */
function tidyOnBlur(field: TextField, value: string): string {
  const v = value.trim();
  if (field === 'business.ein' && /^\d{9}$/.test(v)) return `${v.slice(0, 2)}-${v.slice(2)}`;
  if (
    field === 'business.website' &&
    v &&
    !/^[a-z]+:\/\//i.test(v) &&
    /^[^\s/]+\.[a-z]{2,}/i.test(v)
  )
    return `https://${v}`;
  return value;
}

function RegistrationFormView({
  previous,
  firmName,
  onCancel,
  onSubmitted,
  onConflict,
}: {
  previous: RegistrationForm | null;
  firmName: string | null;
  onCancel?: () => void;
  onSubmitted(registration: Registration): void;
  onConflict(notice: Notice): void;
}) {
  const [values, setValues] = useState<Values>(() => initialValues(previous));
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<Notice | null>(null);
  const [sending, setSending] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const toast = useToast();
  const id = useId();

  const clientErrors = useMemo(() => validate(values, firmName), [values, firmName]);

  const errorFor = useCallback(
    (field: string): string | undefined =>
      serverErrors[field] ??
      (attempted || touched.has(field) ? clientErrors[field] : undefined) ??
      undefined,
    [serverErrors, clientErrors, attempted, touched],
  );

  // After a refused submit, the first invalid field (in page order) gets the focus.
  useEffect(() => {
    if (focusTick === 0) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    first?.focus();
  }, [focusTick]);

  const fieldId = (field: string) => `${id}-${field.replace(/\./g, '-')}`;

  const clearServer = (...fields: string[]) =>
    setServerErrors((current) => {
      if (!fields.some((f) => f in current)) return current;
      const next = { ...current };
      for (const f of fields) delete next[f];
      return next;
    });

  const touch = (field: string) =>
    setTouched((current) => (current.has(field) ? current : new Set(current).add(field)));

  const setText = (field: TextField, value: string) => {
    setValues((v) => ({ ...v, text: { ...v.text, [field]: value } }));
    clearServer(field);
  };

  const setSample = (index: number, value: string) => {
    setValues((v) => ({ ...v, samples: v.samples.map((s, i) => (i === index ? value : s)) }));
    clearServer(`${SAMPLES}.${index}`, SAMPLES, LINKS, PHONE);
  };

  const addSample = () => {
    if (values.samples.length >= MAX_SAMPLES) return;
    const index = values.samples.length;
    setValues((v) => ({ ...v, samples: [...v.samples, ''] }));
    clearServer(SAMPLES);
    requestAnimationFrame(() => document.getElementById(fieldId(`${SAMPLES}.${index}`))?.focus());
  };

  const removeSample = (index: number) => {
    if (values.samples.length <= MIN_SAMPLES) return;
    setValues((v) => ({ ...v, samples: v.samples.filter((_, i) => i !== index) }));
    // Indexes shift: server errors about single samples no longer point at the right one.
    setServerErrors((current) =>
      Object.fromEntries(Object.entries(current).filter(([f]) => !f.startsWith(SAMPLES))),
    );
    setTouched((current) => new Set([...current].filter((f) => !f.startsWith(`${SAMPLES}.`))));
    requestAnimationFrame(() =>
      document.getElementById(fieldId(`${SAMPLES}.${Math.max(0, index - 1)}`))?.focus(),
    );
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setAttempted(true);
    setFormError(null);
    setServerErrors({});
    if (Object.keys(clientErrors).length > 0) {
      setFocusTick((n) => n + 1);
      return;
    }
    setSending(true);
    try {
      const answer = await api.put<Registration>('/api/sms/registration', toBody(values));
      toast.success(
        'Registration submitted',
        'The carriers review it step by step; this page shows their progress.',
      );
      onSubmitted(answer);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.errors.length > 0) {
        const mapped: Record<string, string> = {};
        const unplaced: string[] = [];
        for (const e of err.errors) {
          if (FIELD_ORDER.includes(e.field)) {
            mapped[e.field] = mapped[e.field]
              ? `${mapped[e.field]} ${sentence(e.message)}`
              : sentence(e.message);
          } else unplaced.push(sentence(e.message));
        }
        setServerErrors(mapped);
        if (unplaced.length > 0)
          setFormError({ title: 'Some details weren’t accepted', text: unplaced.join(' ') });
        setFocusTick((n) => n + 1);
      } else if (
        err instanceof ApiError &&
        (err.code === 'registration_in_progress' || err.code === 'registration_approved')
      ) {
        const notice = {
          title:
            err.code === 'registration_approved'
              ? 'Your firm is already registered'
              : 'A registration is already under review',
          text: err.detail,
        };
        setFormError(notice);
        onConflict(notice);
      } else {
        setFormError({
          title: 'Couldn’t submit the registration',
          text: err instanceof Error ? err.message : 'Please try again.',
        });
      }
    } finally {
      setSending(false);
    }
  };

  const describe = (field: string, hint?: boolean) =>
    [errorFor(field) ? `${fieldId(field)}-error` : null, hint ? `${fieldId(field)}-hint` : null]
      .filter(Boolean)
      .join(' ') || undefined;

  const text = (
    field: TextField,
    label: string,
    options: {
      hint?: ReactNode;
      placeholder?: string;
      autoComplete?: string;
      inputMode?: 'text' | 'email' | 'tel' | 'numeric' | 'url';
      type?: string;
      mono?: boolean;
      wide?: boolean;
      multiline?: boolean;
      minChars?: number;
      maxLength?: number;
    } = {},
  ) => {
    const error = errorFor(field);
    const showHint = Boolean((options.hint && !error) || options.minChars);
    const common = {
      id: fieldId(field),
      name: field,
      value: values.text[field],
      placeholder: options.placeholder,
      'aria-invalid': error ? true : undefined,
      'aria-describedby': describe(field, showHint),
      onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
        setText(field, e.target.value),
      onBlur: () => {
        const tidied = tidyOnBlur(field, values.text[field]);
        if (tidied !== values.text[field]) setText(field, tidied);
        touch(field);
      },
    };
    const count = values.text[field].trim().length;
    return (
      <div className={options.wide ? 'field reg-form__wide' : 'field'}>
        <label className="field__label" htmlFor={common.id}>
          {label}
        </label>
        {options.multiline ? (
          <textarea
            {...common}
            className="input reg-form__textarea"
            rows={3}
            maxLength={options.maxLength}
          />
        ) : (
          <input
            {...common}
            className={options.mono ? 'input input--mono' : 'input'}
            type={options.type ?? 'text'}
            inputMode={options.inputMode}
            autoComplete={options.autoComplete ?? 'off'}
            maxLength={options.maxLength}
          />
        )}
        {error && (
          <p id={`${common.id}-error`} className="field__error">
            {error}
          </p>
        )}
        {showHint && (
          <p id={`${common.id}-hint`} className="field__hint">
            {error ? null : options.hint}
            {options.minChars && (
              <span className="reg-form__count">
                {options.hint && !error ? ' ' : ''}
                {count < options.minChars
                  ? `${count} / ${options.minChars} characters minimum`
                  : `${count} characters`}
              </span>
            )}
          </p>
        )}
      </div>
    );
  };

  const select = (
    field: TextField,
    label: string,
    choices: ReadonlyArray<{ value: string; label: string }>,
    hint?: ReactNode,
  ) => {
    const error = errorFor(field);
    const fid = fieldId(field);
    return (
      <div className="field">
        <label className="field__label" htmlFor={fid}>
          {label}
        </label>
        <select
          id={fid}
          name={field}
          className="input select"
          value={values.text[field]}
          aria-invalid={error ? true : undefined}
          aria-describedby={describe(field, Boolean(hint))}
          onChange={(e) => {
            setText(field, e.target.value);
            touch(field);
          }}
          onBlur={() => touch(field)}
        >
          <option value="">Choose…</option>
          {choices.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
        {error && (
          <p id={`${fid}-error`} className="field__error">
            {error}
          </p>
        )}
        {hint && (
          <p id={`${fid}-hint`} className="field__hint">
            {hint}
          </p>
        )}
      </div>
    );
  };

  const checkbox = (field: typeof LINKS | typeof PHONE, label: string, hint: string) => {
    const key = field === LINKS ? 'hasEmbeddedLinks' : 'hasEmbeddedPhone';
    const error = errorFor(field);
    const fid = fieldId(field);
    return (
      <div className="field">
        <label className="checkbox" htmlFor={fid}>
          <input
            id={fid}
            type="checkbox"
            checked={values[key]}
            aria-invalid={error ? true : undefined}
            aria-describedby={[error ? `${fid}-error` : null, `${fid}-hint`]
              .filter(Boolean)
              .join(' ')}
            onChange={(e) => {
              const checked = e.target.checked;
              setValues((v) => ({ ...v, [key]: checked }));
              clearServer(field);
              touch(field);
            }}
          />
          <span>
            {label}
            <span id={`${fid}-hint`} className="checkbox__hint">
              {hint}
            </span>
          </span>
        </label>
        {error && (
          <p id={`${fid}-error`} className="field__error">
            {error}
          </p>
        )}
      </div>
    );
  };

  const samplesError = errorFor(SAMPLES);
  const samplesErrorId = `${fieldId(SAMPLES)}-error`;
  const anyOptOut = values.samples.some(hasOptOutLanguage);

  return (
    <form
      ref={formRef}
      className="reg-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${id}-title`}
      data-testid="registration-form"
    >
      <div className="reg-form__header">
        <h3 id={`${id}-title`} className="reg-form__title">
          {previous ? 'Fix and resubmit' : 'Register your firm'}
        </h3>
        <p className="reg-form__lead">
          {previous
            ? 'Your last answers are filled in. Correct what the carrier rejected, enter the EIN again, and submit.'
            : 'Use the details exactly as they appear on your IRS records: carriers compare them.'}
        </p>
      </div>

      <fieldset className="reg-form__group">
        <legend className="reg-form__legend">Business</legend>
        <div className="reg-form__grid">
          {text('business.legalName', 'Legal business name', {
            wide: true,
            autoComplete: 'organization',
            placeholder: 'Hill & Dale CPAs LLC',
            hint: 'As registered with the IRS.',
          })}
          {text('business.ein', 'EIN (Employer Identification Number)', {
            mono: true,
            inputMode: 'numeric',
            placeholder: '12-3456789',
            maxLength: 20,
            hint: previous
              ? `For security only ${previous.business.ein} is kept on screen: enter the full number again.`
              : 'Nine digits, written NN-NNNNNNN.',
          })}
          {select(
            'business.businessType',
            'Business type',
            BUSINESS_TYPES.map((b) => ({ value: b, label: b })),
          )}
          {select(
            'business.industry',
            'Industry',
            INDUSTRIES.map((v) => ({ value: v, label: industryLabel(v) })),
            'Accounting firms usually choose Financial.',
          )}
          {text('business.website', 'Website', {
            inputMode: 'url',
            autoComplete: 'url',
            placeholder: 'https://www.yourfirm.com',
          })}
          {text('business.address.street', 'Street address', {
            wide: true,
            autoComplete: 'street-address',
            placeholder: '1200 SW Main St, Suite 400',
          })}
          {text('business.address.city', 'City', {
            autoComplete: 'address-level2',
            placeholder: 'Portland',
          })}
          {select(
            'business.address.region',
            'State',
            US_REGIONS.map(([code, name]) => ({ value: code, label: name })),
          )}
          {text('business.address.postalCode', 'ZIP code', {
            inputMode: 'numeric',
            autoComplete: 'postal-code',
            placeholder: '97201',
            maxLength: 10,
            hint: 'Only US businesses can register.',
          })}
        </div>
      </fieldset>

      <fieldset className="reg-form__group">
        <legend className="reg-form__legend">Authorised contact</legend>
        <p className="reg-form__about">
          The person carriers may contact to confirm the registration, usually an owner or partner.
        </p>
        <div className="reg-form__grid">
          {text('contact.firstName', 'First name', { autoComplete: 'given-name' })}
          {text('contact.lastName', 'Last name', { autoComplete: 'family-name' })}
          {text('contact.jobTitle', 'Job title', {
            autoComplete: 'organization-title',
            placeholder: 'Managing Partner',
          })}
          {text('contact.email', 'Work email', {
            type: 'email',
            inputMode: 'email',
            autoComplete: 'email',
            placeholder: 'dana@yourfirm.com',
          })}
          {text('contact.phone', 'Phone', {
            type: 'tel',
            inputMode: 'tel',
            autoComplete: 'tel',
            placeholder: '(503) 555-0142',
          })}
        </div>
      </fieldset>

      <fieldset className="reg-form__group">
        <legend className="reg-form__legend">Campaign</legend>
        <p className="reg-form__about">
          What your firm texts clients about and how they agree to it. Reviewers read this closely.
        </p>
        <div className="reg-form__grid">
          <div className="reg-form__wide">
            {select(
              'campaign.useCase',
              'What are your texts for?',
              USE_CASES,
              'Most firms choose Account notifications or Mixed.',
            )}
          </div>
          {text('campaign.description', 'Describe the texts you send', {
            wide: true,
            multiline: true,
            minChars: DESCRIPTION_MIN,
            maxLength: 4096,
            placeholder:
              'Notifications from our accounting firm to clients about their tax returns, documents and appointments.',
          })}
          {text('campaign.messageFlow', 'How do clients agree to receive texts?', {
            wide: true,
            multiline: true,
            minChars: FLOW_MIN,
            maxLength: 2048,
            placeholder:
              'Clients give their mobile number on the signed engagement letter and tick a box agreeing to receive texts.',
          })}
        </div>

        <fieldset
          className="reg-samples"
          aria-describedby={samplesError ? samplesErrorId : `${id}-samples-hint`}
        >
          <legend className="field__label">Sample messages</legend>
          <p id={`${id}-samples-hint`} className="field__hint">
            {MIN_SAMPLES} to {MAX_SAMPLES} texts as clients would receive them, each naming your
            firm{firmName ? ` (“${firmName}”)` : ''} and at least {SAMPLE_MIN} characters long.
          </p>
          <ol className="reg-samples__list">
            {values.samples.map((sample, i) => {
              const field = `${SAMPLES}.${i}`;
              const fid = fieldId(field);
              const error = errorFor(field);
              const invalid = Boolean(error) || (Boolean(samplesError) && i === 0);
              const optOutTip = sample.trim().length >= SAMPLE_MIN && !hasOptOutLanguage(sample);
              return (
                <li key={i} className="reg-samples__item">
                  <div className="reg-samples__head">
                    <label className="field__label" htmlFor={fid}>
                      Sample message {i + 1}
                    </label>
                    {values.samples.length > MIN_SAMPLES && (
                      <Button
                        size="sm"
                        variant="ghost"
                        icon="x"
                        onClick={() => removeSample(i)}
                        aria-label={`Remove sample message ${i + 1}`}
                      >
                        Remove
                      </Button>
                    )}
                  </div>
                  <textarea
                    id={fid}
                    name={field}
                    className="input reg-form__textarea"
                    rows={2}
                    maxLength={SAMPLE_MAX + 200}
                    value={sample}
                    placeholder={`${firmName ?? 'Your firm'}: your return is ready to sign in the portal. Reply STOP to opt out.`}
                    aria-invalid={invalid || undefined}
                    aria-describedby={
                      [
                        error ? `${fid}-error` : null,
                        samplesError && i === 0 ? samplesErrorId : null,
                        optOutTip ? `${fid}-tip` : null,
                      ]
                        .filter(Boolean)
                        .join(' ') || undefined
                    }
                    onChange={(e) => setSample(i, e.target.value)}
                    onBlur={() => touch(field)}
                  />
                  {error && (
                    <p id={`${fid}-error`} className="field__error">
                      {error}
                    </p>
                  )}
                  {optOutTip && !error && (
                    <p id={`${fid}-tip`} className="reg-samples__tip">
                      <Icon name="info" size={13} />
                      {anyOptOut
                        ? 'Tip: reviewers may reject samples without opt-out language. Consider ending with “Reply STOP to opt out”.'
                        : 'Add opt-out language, such as “Reply STOP to opt out”.'}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          {samplesError && (
            <p id={samplesErrorId} className="field__error" role="alert">
              {samplesError}
            </p>
          )}
          {values.samples.length < MAX_SAMPLES && (
            <div>
              <Button size="sm" variant="secondary" icon="plus" onClick={addSample}>
                Add a sample message
              </Button>
            </div>
          )}
        </fieldset>

        <div className="reg-form__checks">
          {checkbox(
            LINKS,
            'My texts may include links',
            'Tick this if any text contains a web address, such as a portal link.',
          )}
          {checkbox(
            PHONE,
            'My texts may include phone numbers',
            'Tick this if any text contains a phone number to call.',
          )}
        </div>
      </fieldset>

      {formError && (
        <div role="alert" data-testid="registration-form-error">
          <Callout tone="warning" title={formError.title}>
            {formError.text}
          </Callout>
        </div>
      )}

      <div className="reg-form__actions">
        {onCancel && (
          <Button onClick={onCancel} disabled={sending}>
            Cancel
          </Button>
        )}
        <Button type="submit" variant="primary" loading={sending}>
          {previous ? 'Resubmit registration' : 'Submit registration'}
        </Button>
      </div>
    </form>
  );
}
