import type { ServerResponse } from 'node:http';
import type { RecordedRequest } from './fake-twilio';
import { first, isoNow, newSid, page, sendError, sendJson } from './fake-registration-http';
import type { RegistrationLedger } from './fake-twilio-registration';

/**
 * TrustHub as the A2P workflow uses it (trusthub.twilio.com/v1): customer profiles and trust
 * products (bundles), end users, supporting documents, entity assignments, evaluations and
 * submission for review; plus the 2010 API's Addresses. Bundles answer `twilio-approved` after
 * `ledger.reviewPolls` fetches in review.
 */

type BundleKind = 'CustomerProfiles' | 'TrustProducts';

export interface FakeBundle {
  kind: BundleKind;
  sid: string;
  friendlyName: string;
  email: string;
  policySid: string;
  status: string;
  assignments: Array<{ sid: string; objectSid: string; dateCreated: string }>;
  evaluations: Array<{ sid: string; status: string; results: unknown[]; dateCreated: string }>;
  polls: number;
  dateCreated: string;
}

export interface FakeEndUser {
  sid: string;
  friendlyName: string;
  type: string;
  attributes: Record<string, unknown>;
  dateCreated: string;
}

export interface FakeAddress {
  sid: string;
  friendlyName: string;
  customerName: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  isoCountry: string;
  dateCreated: string;
}

const BUNDLE =
  /^\/v1\/(CustomerProfiles|TrustProducts)(?:\/(BU[0-9a-f]{32}))?(?:\/(EntityAssignments|Evaluations)(?:\/((?:BV|EL)[0-9a-f]{32}))?)?$/;

const REQUIRED: Record<BundleKind, Array<{ requirement: string; type: string }>> = {
  CustomerProfiles: [
    { requirement: 'Business Information', type: 'customer_profile_business_information' },
    { requirement: 'Authorized Representative 1', type: 'authorized_representative_1' },
    { requirement: 'Business Address', type: 'customer_profile_address' },
    { requirement: 'Primary Customer Profile', type: 'primary_customer_profile' },
  ],
  TrustProducts: [
    { requirement: 'A2P Messaging Profile', type: 'us_a2p_messaging_profile_information' },
    { requirement: 'Secondary Customer Profile', type: 'customer_profile' },
  ],
};

const BUSINESS_FIELDS = [
  'business_name',
  'business_type',
  'business_industry',
  'business_registration_identifier',
  'business_registration_number',
  'business_regions_of_operation',
  'website_url',
  'business_identity',
];

export class FakeTrustHub {
  readonly bundles = new Map<string, FakeBundle>();
  readonly endUsers = new Map<string, FakeEndUser>();
  readonly documents = new Map<string, FakeEndUser>();
  readonly addresses = new Map<string, FakeAddress>();

  constructor(
    private readonly accountSid: string,
    private readonly ledger: RegistrationLedger,
  ) {}

  reset(): void {
    this.bundles.clear();
    this.endUsers.clear();
    this.documents.clear();
    this.addresses.clear();
  }

  handles(path: string): boolean {
    return (
      BUNDLE.test(path) ||
      /^\/v1\/(EndUsers|SupportingDocuments)$/.test(path) ||
      path === this.addressesPath()
    );
  }

  answer(request: RecordedRequest, res: ServerResponse): void {
    const { method, path } = request;
    if (path === this.addressesPath()) {
      return method === 'POST'
        ? this.createAddress(request, res)
        : this.listAddresses(request, res);
    }
    if (path === '/v1/EndUsers' || path === '/v1/SupportingDocuments') {
      const documents = path === '/v1/SupportingDocuments';
      const store = documents ? this.documents : this.endUsers;
      if (method === 'GET') {
        const items = [...store.values()].map((u) => this.endUserJson(u, documents));
        return sendJson(res, 200, page('trusthub', path, 'results', items, request));
      }
      return this.createEndUser(request, res, store, documents);
    }
    const [, kindRaw, sid, sub, subSid] = BUNDLE.exec(path) ?? [];
    const kind = kindRaw as BundleKind;
    if (!sid) {
      if (method === 'POST') return this.createBundle(kind, request, res);
      const name = first(request.query.FriendlyName);
      const items = [...this.bundles.values()]
        .filter((b) => b.kind === kind && (!name || b.friendlyName === name))
        .map((b) => this.bundleJson(b));
      return sendJson(res, 200, page('trusthub', path, 'results', items, request));
    }
    const bundle = this.bundles.get(sid);
    if (!bundle || bundle.kind !== kind)
      return sendError(res, 404, 20404, 'The requested resource was not found');
    if (!sub) {
      if (method === 'POST') return this.updateBundle(bundle, request, res);
      this.poll(bundle);
      return sendJson(res, 200, this.bundleJson(bundle));
    }
    if (sub === 'EntityAssignments') {
      if (method === 'POST') return this.assign(bundle, request, res);
      const items = bundle.assignments.map((a) => this.assignmentJson(bundle, a));
      return sendJson(res, 200, page('trusthub', path, 'results', items, request));
    }
    if (subSid) {
      const evaluation = bundle.evaluations.find((e) => e.sid === subSid);
      if (!evaluation) return sendError(res, 404, 20404, 'The requested resource was not found');
      return sendJson(res, 200, this.evaluationJson(bundle, evaluation));
    }
    if (method === 'POST') return this.evaluate(bundle, res);
    const items = bundle.evaluations.map((e) => this.evaluationJson(bundle, e));
    return sendJson(res, 200, page('trusthub', path, 'results', items, request));
  }

  private createBundle(kind: BundleKind, request: RecordedRequest, res: ServerResponse): void {
    const friendlyName = first(request.form.FriendlyName);
    const email = first(request.form.Email);
    const policySid = first(request.form.PolicySid);
    if (!friendlyName || !email || !policySid) {
      return sendError(
        res,
        400,
        20001,
        'Missing required parameter FriendlyName, Email or PolicySid',
      );
    }
    const bundle: FakeBundle = {
      kind,
      sid: newSid('BU'),
      friendlyName,
      email,
      policySid,
      status: 'draft',
      assignments: [],
      evaluations: [],
      polls: 0,
      dateCreated: isoNow(),
    };
    this.bundles.set(bundle.sid, bundle);
    this.ledger.created(
      kind === 'CustomerProfiles' ? 'CustomerProfile' : 'TrustProduct',
      bundle.sid,
      friendlyName,
    );
    sendJson(res, 201, this.bundleJson(bundle));
  }

  private updateBundle(bundle: FakeBundle, request: RecordedRequest, res: ServerResponse): void {
    const status = first(request.form.Status);
    if (status === 'pending-review') {
      const latest = bundle.evaluations[bundle.evaluations.length - 1];
      if (bundle.status !== 'draft' || latest?.status !== 'compliant') {
        return sendError(
          res,
          400,
          22215,
          'The Bundle must be compliant and in draft to be submitted',
        );
      }
      bundle.status = 'pending-review';
      bundle.polls = 0;
    }
    sendJson(res, 200, this.bundleJson(bundle));
  }

  private poll(bundle: FakeBundle): void {
    if (bundle.status !== 'pending-review' && bundle.status !== 'in-review') return;
    bundle.polls += 1;
    bundle.status = bundle.polls > this.ledger.reviewPolls ? 'twilio-approved' : 'in-review';
  }

  private assign(bundle: FakeBundle, request: RecordedRequest, res: ServerResponse): void {
    const objectSid = first(request.form.ObjectSid);
    if (!objectSid) return sendError(res, 400, 20001, 'Missing required parameter ObjectSid');
    const assignment = { sid: newSid('BV'), objectSid, dateCreated: isoNow() };
    bundle.assignments.push(assignment);
    const kind =
      bundle.kind === 'CustomerProfiles'
        ? 'CustomerProfileEntityAssignment'
        : 'TrustProductEntityAssignment';
    this.ledger.created(kind, assignment.sid, `${bundle.sid}:${objectSid}`);
    sendJson(res, 201, this.assignmentJson(bundle, assignment));
  }

  private evaluate(bundle: FakeBundle, res: ServerResponse): void {
    const results = REQUIRED[bundle.kind].map(({ requirement, type }) => {
      const present = bundle.assignments.some((a) => this.typeOf(a.objectSid) === type);
      const invalid = present ? this.invalidFields(bundle, type) : [];
      return {
        friendly_name: requirement,
        object_type: type,
        passed: present && invalid.length === 0,
        failure_reason: present ? null : `${requirement} is missing`,
        error_code: present ? null : 22214,
        valid: [],
        invalid,
        requirement_friendly_name: requirement,
        requirement_name: type,
      };
    });
    const evaluation = {
      sid: newSid('EL'),
      status: results.every((r) => r.passed) ? 'compliant' : 'noncompliant',
      results,
      dateCreated: isoNow(),
    };
    bundle.evaluations.push(evaluation);
    const kind =
      bundle.kind === 'CustomerProfiles' ? 'CustomerProfileEvaluation' : 'TrustProductEvaluation';
    this.ledger.created(kind, evaluation.sid, bundle.sid);
    sendJson(res, 201, this.evaluationJson(bundle, evaluation));
  }

  /** A business information end user without every field TrustHub requires fails evaluation. */
  private invalidFields(bundle: FakeBundle, type: string): unknown[] {
    if (type !== 'customer_profile_business_information') return [];
    const user = bundle.assignments
      .map((a) => this.endUsers.get(a.objectSid))
      .find((u) => u?.type === type);
    return BUSINESS_FIELDS.filter((field) => !user?.attributes[field]).map((field) => ({
      friendly_name: field,
      object_field: field,
      failure_reason: `${field} is required`,
      error_code: 22217,
    }));
  }

  private typeOf(objectSid: string): string | undefined {
    if (this.endUsers.has(objectSid)) return this.endUsers.get(objectSid)?.type;
    if (this.documents.has(objectSid)) return this.documents.get(objectSid)?.type;
    const bundle = this.bundles.get(objectSid);
    if (bundle) return 'customer_profile';
    // A BU that is not ours is the ISV's primary profile, approved in the console.
    return /^BU[0-9a-f]{32}$/.test(objectSid) ? 'primary_customer_profile' : undefined;
  }

  private createEndUser(
    request: RecordedRequest,
    res: ServerResponse,
    store: Map<string, FakeEndUser>,
    document: boolean,
  ): void {
    const friendlyName = first(request.form.FriendlyName);
    const type = first(request.form.Type);
    if (!friendlyName || !type)
      return sendError(res, 400, 20001, 'Missing required parameter FriendlyName or Type');
    let attributes: Record<string, unknown> = {};
    try {
      attributes = JSON.parse(first(request.form.Attributes) ?? '{}') as Record<string, unknown>;
    } catch {
      return sendError(res, 400, 20001, 'Attributes must be JSON');
    }
    const user: FakeEndUser = {
      sid: newSid(document ? 'RD' : 'IT'),
      friendlyName,
      type,
      attributes,
      dateCreated: isoNow(),
    };
    store.set(user.sid, user);
    this.ledger.created(document ? 'SupportingDocument' : 'EndUser', user.sid, friendlyName);
    sendJson(res, 201, this.endUserJson(user, document));
  }

  private createAddress(request: RecordedRequest, res: ServerResponse): void {
    const f = (key: string) => first(request.form[key]) ?? '';
    for (const key of ['CustomerName', 'Street', 'City', 'Region', 'PostalCode', 'IsoCountry']) {
      if (!f(key)) return sendError(res, 400, 20001, `Missing required parameter ${key}`);
    }
    const address: FakeAddress = {
      sid: newSid('AD'),
      friendlyName: f('FriendlyName'),
      customerName: f('CustomerName'),
      street: f('Street'),
      city: f('City'),
      region: f('Region'),
      postalCode: f('PostalCode'),
      isoCountry: f('IsoCountry'),
      dateCreated: new Date().toUTCString().replace('GMT', '+0000'),
    };
    this.addresses.set(address.sid, address);
    this.ledger.created('Address', address.sid, address.friendlyName);
    sendJson(res, 201, this.addressJson(address));
  }

  private listAddresses(request: RecordedRequest, res: ServerResponse): void {
    const name = first(request.query.FriendlyName);
    const items = [...this.addresses.values()]
      .filter((a) => !name || a.friendlyName === name)
      .map((a) => this.addressJson(a));
    const uri = `${this.addressesPath()}?PageSize=50&Page=0`;
    sendJson(res, 200, {
      addresses: items,
      uri,
      first_page_uri: uri,
      next_page_uri: null,
      previous_page_uri: null,
      page: 0,
      page_size: 50,
      start: 0,
      end: Math.max(items.length - 1, 0),
    });
  }

  private addressesPath(): string {
    return `/2010-04-01/Accounts/${this.accountSid}/Addresses.json`;
  }

  private bundleJson(b: FakeBundle): Record<string, unknown> {
    const url = `https://trusthub.twilio.com/v1/${b.kind}/${b.sid}`;
    return {
      sid: b.sid,
      account_sid: this.accountSid,
      policy_sid: b.policySid,
      friendly_name: b.friendlyName,
      status: b.status,
      email: b.email,
      status_callback: null,
      valid_until: null,
      date_created: b.dateCreated,
      date_updated: isoNow(),
      url,
      errors: null,
      links: {
        [`${b.kind === 'CustomerProfiles' ? 'customer_profiles' : 'trust_products'}_entity_assignments`]: `${url}/EntityAssignments`,
        [`${b.kind === 'CustomerProfiles' ? 'customer_profiles' : 'trust_products'}_evaluations`]: `${url}/Evaluations`,
      },
    };
  }

  private assignmentJson(
    b: FakeBundle,
    a: FakeBundle['assignments'][number],
  ): Record<string, unknown> {
    const bundleKey = b.kind === 'CustomerProfiles' ? 'customer_profile_sid' : 'trust_product_sid';
    return {
      sid: a.sid,
      [bundleKey]: b.sid,
      account_sid: this.accountSid,
      object_sid: a.objectSid,
      date_created: a.dateCreated,
      url: `https://trusthub.twilio.com/v1/${b.kind}/${b.sid}/EntityAssignments/${a.sid}`,
    };
  }

  private evaluationJson(
    b: FakeBundle,
    e: FakeBundle['evaluations'][number],
  ): Record<string, unknown> {
    const bundleKey = b.kind === 'CustomerProfiles' ? 'customer_profile_sid' : 'trust_product_sid';
    return {
      sid: e.sid,
      account_sid: this.accountSid,
      policy_sid: b.policySid,
      [bundleKey]: b.sid,
      status: e.status,
      results: e.results,
      date_created: e.dateCreated,
      url: `https://trusthub.twilio.com/v1/${b.kind}/${b.sid}/Evaluations/${e.sid}`,
    };
  }

  private endUserJson(u: FakeEndUser, document: boolean): Record<string, unknown> {
    return {
      sid: u.sid,
      account_sid: this.accountSid,
      friendly_name: u.friendlyName,
      type: u.type,
      attributes: u.attributes,
      ...(document ? { status: 'draft', mime_type: null } : {}),
      date_created: u.dateCreated,
      date_updated: u.dateCreated,
      url: `https://trusthub.twilio.com/v1/${document ? 'SupportingDocuments' : 'EndUsers'}/${u.sid}`,
    };
  }

  private addressJson(a: FakeAddress): Record<string, unknown> {
    return {
      sid: a.sid,
      account_sid: this.accountSid,
      friendly_name: a.friendlyName,
      customer_name: a.customerName,
      street: a.street,
      street_secondary: null,
      city: a.city,
      region: a.region,
      postal_code: a.postalCode,
      iso_country: a.isoCountry,
      emergency_enabled: false,
      validated: true,
      verified: false,
      date_created: a.dateCreated,
      date_updated: a.dateCreated,
      uri: `/2010-04-01/Accounts/${this.accountSid}/Addresses/${a.sid}.json`,
    };
  }
}
