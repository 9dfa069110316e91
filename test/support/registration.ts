import type { TestFirm } from './test-app';

/** The EIN every test form carries; tests assert it never leaves the server unmasked. */
export const TEST_EIN = '12-3456789';
export const MASKED_EIN = '**-***6789';

export interface RegistrationBody {
  business: {
    legalName: string;
    ein: string;
    businessType: string;
    industry: string;
    website: string;
    address: { street: string; city: string; region: string; postalCode: string; country: string };
  };
  contact: { firstName: string; lastName: string; email: string; phone: string; jobTitle: string };
  campaign: {
    useCase: string;
    description: string;
    messageFlow: string;
    sampleMessages: string[];
    hasEmbeddedLinks: boolean;
    hasEmbeddedPhone: boolean;
  };
}

export interface RegistrationAnswer {
  status: 'not_started' | 'in_progress' | 'approved' | 'failed';
  steps: Array<{ name: string; status: string; detail: string | null; updatedAt: string | null }>;
  submitted: RegistrationBody | null;
  submittedAt: string | null;
}

/** Every resource one registration creates at Twilio (counted by the fake), once each. */
export const TWILIO_RESOURCES_OF_ONE_REGISTRATION = {
  CustomerProfile: 1,
  EndUser: 3,
  Address: 1,
  SupportingDocument: 1,
  CustomerProfileEntityAssignment: 4,
  CustomerProfileEvaluation: 1,
  TrustProduct: 1,
  TrustProductEntityAssignment: 2,
  TrustProductEvaluation: 1,
  BrandRegistration: 1,
  Service: 1,
  ServicePhoneNumber: 1,
  UsAppToPerson: 1,
};

/** A form US carriers would accept, for the firm named `firmName`. */
export function validRegistration(firmName: string): RegistrationBody {
  return {
    business: {
      legalName: `${firmName} LLC`,
      ein: TEST_EIN,
      businessType: 'Limited Liability Corporation',
      industry: 'FINANCIAL',
      website: 'https://www.hillanddale.example',
      address: {
        street: '1200 SW Main St, Suite 400',
        city: 'Portland',
        region: 'OR',
        postalCode: '97201',
        country: 'US',
      },
    },
    contact: {
      firstName: 'Dana',
      lastName: 'Hill',
      email: 'dana@hillanddale.example',
      phone: '(503) 555-0100',
      jobTitle: 'Managing Partner',
    },
    campaign: {
      useCase: 'ACCOUNT_NOTIFICATION',
      description:
        'Account notifications from an accounting firm to its clients about their tax returns and documents.',
      messageFlow:
        'Clients give their mobile number on the signed engagement letter and tick a box agreeing to receive texts from the firm.',
      sampleMessages: [
        `${firmName}: your 2024 return is ready to sign in the portal. Reply STOP to opt out.`,
        `${firmName}: we received your documents, thank you. Reply STOP to opt out, HELP for help.`,
      ],
      hasEmbeddedLinks: false,
      hasEmbeddedPhone: false,
    },
  };
}

/** Polls the registration until `done` holds or 60 s pass; answers the last state seen. */
export async function waitForRegistration(
  firm: TestFirm,
  done: (answer: RegistrationAnswer) => boolean,
  timeoutMs = 60_000,
): Promise<RegistrationAnswer> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await firm.as('owner').get('/api/sms/registration');
    const answer = res.body as RegistrationAnswer;
    if (res.status === 200 && (done(answer) || Date.now() > deadline)) return answer;
    if (Date.now() > deadline)
      throw new Error(`registration: ${res.status} ${JSON.stringify(res.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

export const finished = (a: RegistrationAnswer): boolean =>
  a.status === 'approved' || a.status === 'failed';
