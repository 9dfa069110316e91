import type { TwilioClient } from '@app/platform';
import type {
  StepOutcome,
  StepResources,
} from '../../application/registration/registration-provider.port';
import type { RegistrationForm } from '../../domain/registration/registration-form';
import { carrierReasons } from './carrier-reasons';

/** TrustHub policies (Twilio's own, the same for every account). */
export const SECONDARY_CUSTOMER_PROFILE_POLICY = 'RNdfbf3fae0e1107f8aded0e7cead80bf5';
export const A2P_TRUST_PRODUCT_POLICY = 'RNb0d4771c2c98518d916a3d4cd70a8f8b';

/** The parts of a TrustHub bundle (customer profile or trust product) the workflow drives. */
export interface TrustHubBundle {
  fetch(): Promise<{ status: string; errors?: unknown }>;
  assignments(): Promise<string[]>;
  assign(objectSid: string): Promise<void>;
  evaluation(sid: string): Promise<Evaluation>;
  evaluations(): Promise<Evaluation[]>;
  evaluate(): Promise<Evaluation>;
  submit(): Promise<void>;
}

interface Evaluation {
  sid: string;
  status: string;
  results: unknown;
  dateCreated: Date;
}

export function customerProfileBundle(client: TwilioClient, sid: string): TrustHubBundle {
  const profile = client.trusthub.v1.customerProfiles(sid);
  return {
    fetch: () => profile.fetch(),
    assignments: async () =>
      (await profile.customerProfilesEntityAssignments.list()).map((a) => a.objectSid),
    assign: async (objectSid) => {
      await profile.customerProfilesEntityAssignments.create({ objectSid });
    },
    evaluation: (evaluationSid) => profile.customerProfilesEvaluations(evaluationSid).fetch(),
    evaluations: () => profile.customerProfilesEvaluations.list(),
    evaluate: () =>
      profile.customerProfilesEvaluations.create({ policySid: SECONDARY_CUSTOMER_PROFILE_POLICY }),
    submit: async () => {
      await profile.update({ status: 'pending-review' });
    },
  };
}

export function trustProductBundle(client: TwilioClient, sid: string): TrustHubBundle {
  const product = client.trusthub.v1.trustProducts(sid);
  return {
    fetch: () => product.fetch(),
    assignments: async () =>
      (await product.trustProductsEntityAssignments.list()).map((a) => a.objectSid),
    assign: async (objectSid) => {
      await product.trustProductsEntityAssignments.create({ objectSid });
    },
    evaluation: (evaluationSid) => product.trustProductsEvaluations(evaluationSid).fetch(),
    evaluations: () => product.trustProductsEvaluations.list(),
    evaluate: () =>
      product.trustProductsEvaluations.create({ policySid: A2P_TRUST_PRODUCT_POLICY }),
    submit: async () => {
      await product.update({ status: 'pending-review' });
    },
  };
}

/** Where a submitted bundle stands, or null while it is still a draft the workflow must finish. */
export function bundleOutcome(
  bundle: { status: string; errors?: unknown },
  what: string,
): StepOutcome | null {
  switch (bundle.status) {
    case 'twilio-approved':
      return { kind: 'approved' };
    case 'twilio-rejected':
      return {
        kind: 'rejected',
        reason: `Twilio rejected the ${what}: ${carrierReasons('no reason given', bundle.errors)}`,
      };
    case 'pending-review':
    case 'in-review':
      return { kind: 'in_review', detail: `The ${what} is in Twilio’s review.` };
    default:
      return null;
  }
}

/**
 * Assigns what is missing, evaluates (once: the evaluation's id is recorded, and an earlier one
 * is reused after a crash) and submits a draft bundle for review.
 */
export async function completeBundle(
  bundle: TrustHubBundle,
  resources: StepResources,
  evaluationRole: string,
  objectSids: string[],
  what: string,
): Promise<StepOutcome> {
  const assigned = new Set(await bundle.assignments());
  for (const objectSid of objectSids) {
    if (!assigned.has(objectSid)) await bundle.assign(objectSid);
  }
  const known = resources.get(evaluationRole);
  let evaluation = known ? await bundle.evaluation(known) : latest(await bundle.evaluations());
  evaluation ??= await bundle.evaluate();
  if (!known) await resources.remember(evaluationRole, evaluation.sid);
  if (evaluation.status !== 'compliant') {
    return {
      kind: 'rejected',
      reason: `The ${what} is incomplete: ${carrierReasons('Twilio found it noncompliant', evaluation.results)}`,
    };
  }
  await bundle.submit();
  return { kind: 'in_review', detail: `The ${what} is in Twilio’s review.` };
}

function latest(evaluations: Evaluation[]): Evaluation | undefined {
  return [...evaluations].sort((a, b) => +b.dateCreated - +a.dateCreated)[0];
}

const JOB_POSITIONS = ['Director', 'GM', 'VP', 'CEO', 'CFO', 'General Counsel'];

export function businessInformation(form: RegistrationForm): Record<string, string> {
  const { business } = form;
  return {
    business_name: business.legalName,
    business_identity: 'direct_customer',
    business_type: business.businessType,
    business_industry: business.industry,
    business_registration_identifier: 'EIN',
    business_registration_number: business.ein,
    business_regions_of_operation: 'USA_AND_CANADA',
    website_url: business.website,
  };
}

export function authorizedRepresentative(form: RegistrationForm): Record<string, string> {
  const { contact } = form;
  const position = JOB_POSITIONS.find((p) => p.toLowerCase() === contact.jobTitle.toLowerCase());
  return {
    first_name: contact.firstName,
    last_name: contact.lastName,
    email: contact.email,
    phone_number: contact.phone,
    business_title: contact.jobTitle,
    job_position: position ?? 'Other',
  };
}

export function messagingProfileInformation(form: RegistrationForm): Record<string, string> {
  return {
    company_type:
      form.business.businessType === 'Non-profit Corporation' ? 'non-profit' : 'private',
  };
}
