import type { ServerResponse } from 'node:http';
import type { FakeOwnedNumber, RecordedRequest } from './fake-twilio';
import {
  all,
  bool,
  first,
  isoNow,
  newSid,
  page,
  sendEmpty,
  sendError,
  sendJson,
} from './fake-registration-http';
import type { FakeBundle } from './fake-trust-hub';
import type { RegistrationLedger } from './fake-twilio-registration';

/**
 * Messaging (messaging.twilio.com/v1) as the A2P workflow uses it: brand registrations,
 * Messaging Services with their phone numbers, and US A2P campaigns. Brands and campaigns stay
 * in review for `ledger.reviewPolls` fetches, then answer APPROVED / VERIFIED, or FAILED with the
 * errors a test asked for.
 */

export interface FakeBrand {
  sid: string;
  customerProfileBundleSid: string;
  a2pProfileBundleSid: string;
  brandType: string;
  status: string;
  polls: number;
  errors: Array<{ code: number; description: string }>;
  dateCreated: string;
}

export interface FakeCampaign {
  sid: string;
  serviceSid: string;
  brandRegistrationSid: string;
  description: string;
  messageFlow: string;
  messageSamples: string[];
  usecase: string;
  hasEmbeddedLinks: boolean;
  hasEmbeddedPhone: boolean;
  status: string;
  polls: number;
  dateCreated: string;
}

export interface FakeService {
  sid: string;
  friendlyName: string;
  useInboundWebhookOnNumber: boolean;
  numbers: Map<string, { sid: string; phoneNumber: string; dateCreated: string }>;
  campaigns: Map<string, FakeCampaign>;
  dateCreated: string;
}

const BRANDS = /^\/v1\/a2p\/BrandRegistrations(?:\/(BN[0-9a-f]{32}))?$/;
const SERVICES =
  /^\/v1\/Services(?:\/(MG[0-9a-f]{32})(?:\/(PhoneNumbers|Compliance\/Usa2p)(?:\/((?:PN|QE)[0-9a-f]{32}))?)?)?$/;

export class FakeA2pMessaging {
  readonly brands = new Map<string, FakeBrand>();
  readonly services = new Map<string, FakeService>();
  /** Errors the next brands created will fail their review with (none: they are approved). */
  brandFailure: Array<{ code: number; description: string }> | null = null;

  constructor(
    private readonly accountSid: string,
    private readonly ledger: RegistrationLedger,
    private readonly bundle: (sid: string) => FakeBundle | undefined,
    private readonly ownedNumber: (sid: string) => FakeOwnedNumber | undefined,
  ) {}

  reset(): void {
    this.brands.clear();
    this.services.clear();
    this.brandFailure = null;
  }

  handles(path: string): boolean {
    return BRANDS.test(path) || SERVICES.test(path);
  }

  answer(request: RecordedRequest, res: ServerResponse): void {
    const brand = BRANDS.exec(request.path);
    if (brand) return this.brandRoute(request, res, brand[1]);
    const [, serviceSid, sub, subSid] = SERVICES.exec(request.path) ?? [];
    if (!serviceSid) {
      if (request.method === 'POST') return this.createService(request, res);
      const items = [...this.services.values()].map((s) => this.serviceJson(s));
      return sendJson(res, 200, page('messaging', request.path, 'services', items, request));
    }
    const service = this.services.get(serviceSid);
    if (!service) return sendError(res, 404, 20404, 'The requested resource was not found');
    if (!sub) return sendJson(res, 200, this.serviceJson(service));
    if (sub === 'PhoneNumbers') return this.numbersRoute(service, request, res, subSid);
    return this.campaignsRoute(service, request, res, subSid);
  }

  private brandRoute(request: RecordedRequest, res: ServerResponse, sid?: string): void {
    if (sid) {
      const brand = this.brands.get(sid);
      if (!brand) return sendError(res, 404, 20404, 'The requested resource was not found');
      if (brand.status === 'PENDING' || brand.status === 'IN_REVIEW') {
        brand.polls += 1;
        if (brand.polls <= this.ledger.reviewPolls) brand.status = 'IN_REVIEW';
        else brand.status = brand.errors.length > 0 ? 'FAILED' : 'APPROVED';
      }
      return sendJson(res, 200, this.brandJson(brand));
    }
    if (request.method === 'GET') {
      const items = [...this.brands.values()].map((b) => this.brandJson(b));
      return sendJson(res, 200, page('messaging', request.path, 'data', items, request));
    }
    const customerProfileBundleSid = first(request.form.CustomerProfileBundleSid) ?? '';
    const a2pProfileBundleSid = first(request.form.A2PProfileBundleSid) ?? '';
    for (const bundleSid of [customerProfileBundleSid, a2pProfileBundleSid]) {
      if (this.bundle(bundleSid)?.status !== 'twilio-approved') {
        return sendError(res, 400, 21604, `Bundle ${bundleSid || '(missing)'} is not approved`);
      }
    }
    const created: FakeBrand = {
      sid: newSid('BN'),
      customerProfileBundleSid,
      a2pProfileBundleSid,
      brandType: first(request.form.BrandType) ?? 'STANDARD',
      status: 'PENDING',
      polls: 0,
      errors: this.brandFailure ?? [],
      dateCreated: isoNow(),
    };
    this.brands.set(created.sid, created);
    this.ledger.created('BrandRegistration', created.sid, a2pProfileBundleSid);
    sendJson(res, 201, this.brandJson(created));
  }

  /** A Messaging Service holding `phoneNumber`, as a finished registration leaves one. */
  createServiceFor(phoneNumber: string): string {
    const service: FakeService = {
      sid: newSid('MG'),
      friendlyName: `Service of ${phoneNumber}`,
      useInboundWebhookOnNumber: true,
      numbers: new Map(),
      campaigns: new Map(),
      dateCreated: isoNow(),
    };
    const entry = { sid: newSid('PN'), phoneNumber, dateCreated: isoNow() };
    service.numbers.set(entry.sid, entry);
    this.services.set(service.sid, service);
    return service.sid;
  }

  private createService(request: RecordedRequest, res: ServerResponse): void {
    const friendlyName = first(request.form.FriendlyName);
    if (!friendlyName) return sendError(res, 400, 20001, 'Missing required parameter FriendlyName');
    const service: FakeService = {
      sid: newSid('MG'),
      friendlyName,
      useInboundWebhookOnNumber: bool(request.form, 'UseInboundWebhookOnNumber') ?? false,
      numbers: new Map(),
      campaigns: new Map(),
      dateCreated: isoNow(),
    };
    this.services.set(service.sid, service);
    this.ledger.created('Service', service.sid, friendlyName);
    sendJson(res, 201, this.serviceJson(service));
  }

  private numbersRoute(
    service: FakeService,
    request: RecordedRequest,
    res: ServerResponse,
    sid?: string,
  ): void {
    if (request.method === 'GET' && !sid) {
      const items = [...service.numbers.values()].map((n) => this.numberJson(service, n));
      return sendJson(res, 200, page('messaging', request.path, 'phone_numbers', items, request));
    }
    if (request.method !== 'POST' || sid) return sendError(res, 405, 20004, 'Method not allowed');
    const phoneNumberSid = first(request.form.PhoneNumberSid) ?? '';
    const owned = this.ownedNumber(phoneNumberSid);
    if (!owned) return sendError(res, 400, 21712, 'Phone Number not found on this account');
    if (service.numbers.has(phoneNumberSid)) {
      return sendError(
        res,
        409,
        21710,
        'Phone Number or Short Code is already in the Messaging Service.',
      );
    }
    const entry = { sid: phoneNumberSid, phoneNumber: owned.phoneNumber, dateCreated: isoNow() };
    service.numbers.set(entry.sid, entry);
    this.ledger.created('ServicePhoneNumber', entry.sid, service.sid);
    sendJson(res, 201, this.numberJson(service, entry));
  }

  private campaignsRoute(
    service: FakeService,
    request: RecordedRequest,
    res: ServerResponse,
    sid?: string,
  ): void {
    if (sid) {
      const campaign = service.campaigns.get(sid);
      if (!campaign) return sendError(res, 404, 20404, 'The requested resource was not found');
      if (request.method === 'DELETE') {
        service.campaigns.delete(sid);
        return sendEmpty(res);
      }
      if (campaign.status === 'IN_PROGRESS' || campaign.status === 'PENDING') {
        campaign.polls += 1;
        if (campaign.polls > this.ledger.reviewPolls) campaign.status = 'VERIFIED';
      }
      return sendJson(res, 200, this.campaignJson(campaign));
    }
    if (request.method === 'GET') {
      const items = [...service.campaigns.values()].map((c) => this.campaignJson(c));
      return sendJson(res, 200, page('messaging', request.path, 'compliance', items, request));
    }
    const brandSid = first(request.form.BrandRegistrationSid) ?? '';
    const samples = all(request.form.MessageSamples);
    const description = first(request.form.Description) ?? '';
    const messageFlow = first(request.form.MessageFlow) ?? '';
    if (this.brands.get(brandSid)?.status !== 'APPROVED') {
      return sendError(res, 400, 21707, 'The Brand Registration is not approved');
    }
    if (service.campaigns.size > 0) {
      return sendError(res, 409, 21711, 'The Messaging Service already has a US A2P campaign');
    }
    if (samples.length < 2 || samples.length > 5 || samples.some((s) => s.length < 20)) {
      return sendError(
        res,
        400,
        21708,
        'MessageSamples must hold 2 to 5 samples of 20+ characters',
      );
    }
    if (description.length < 40 || messageFlow.length < 40) {
      return sendError(res, 400, 21709, 'Description and MessageFlow need 40+ characters');
    }
    const campaign: FakeCampaign = {
      sid: newSid('QE'),
      serviceSid: service.sid,
      brandRegistrationSid: brandSid,
      description,
      messageFlow,
      messageSamples: samples,
      usecase: first(request.form.UsAppToPersonUsecase) ?? '',
      hasEmbeddedLinks: bool(request.form, 'HasEmbeddedLinks') ?? false,
      hasEmbeddedPhone: bool(request.form, 'HasEmbeddedPhone') ?? false,
      status: 'IN_PROGRESS',
      polls: 0,
      dateCreated: isoNow(),
    };
    service.campaigns.set(campaign.sid, campaign);
    this.ledger.created('UsAppToPerson', campaign.sid, service.sid);
    sendJson(res, 201, this.campaignJson(campaign));
  }

  private brandJson(b: FakeBrand): Record<string, unknown> {
    const url = `https://messaging.twilio.com/v1/a2p/BrandRegistrations/${b.sid}`;
    return {
      sid: b.sid,
      account_sid: this.accountSid,
      customer_profile_bundle_sid: b.customerProfileBundleSid,
      a2p_profile_bundle_sid: b.a2pProfileBundleSid,
      date_created: b.dateCreated,
      date_updated: isoNow(),
      brand_type: b.brandType,
      status: b.status,
      tcr_id: b.status === 'APPROVED' ? `B${b.sid.slice(2, 8).toUpperCase()}` : null,
      failure_reason: b.status === 'FAILED' ? b.errors.map((e) => e.description).join('; ') : null,
      errors: b.status === 'FAILED' ? b.errors : [],
      url,
      brand_score: null,
      brand_feedback: null,
      identity_status: b.status === 'APPROVED' ? 'VERIFIED' : null,
      russell_3000: false,
      government_entity: false,
      tax_exempt_status: null,
      skip_automatic_sec_vet: false,
      mock: false,
      links: { brand_vettings: `${url}/Vettings`, brand_registration_otps: `${url}/SmsOtp` },
    };
  }

  private serviceJson(s: FakeService): Record<string, unknown> {
    const url = `https://messaging.twilio.com/v1/Services/${s.sid}`;
    return {
      sid: s.sid,
      account_sid: this.accountSid,
      friendly_name: s.friendlyName,
      date_created: s.dateCreated,
      date_updated: s.dateCreated,
      inbound_request_url: null,
      inbound_method: 'POST',
      fallback_url: null,
      fallback_method: 'POST',
      status_callback: null,
      sticky_sender: true,
      mms_converter: true,
      smart_encoding: true,
      scan_message_content: 'inherit',
      fallback_to_long_code: true,
      area_code_geomatch: true,
      synchronous_validation: true,
      validity_period: 14400,
      url,
      links: {
        phone_numbers: `${url}/PhoneNumbers`,
        us_app_to_person: `${url}/Compliance/Usa2p`,
      },
      usecase: 'undeclared',
      us_app_to_person_registered: [...s.campaigns.values()].some((c) => c.status === 'VERIFIED'),
      use_inbound_webhook_on_number: s.useInboundWebhookOnNumber,
    };
  }

  private numberJson(
    s: FakeService,
    n: { sid: string; phoneNumber: string; dateCreated: string },
  ): Record<string, unknown> {
    return {
      sid: n.sid,
      account_sid: this.accountSid,
      service_sid: s.sid,
      date_created: n.dateCreated,
      date_updated: n.dateCreated,
      phone_number: n.phoneNumber,
      country_code: 'US',
      capabilities: ['SMS', 'MMS'],
      url: `https://messaging.twilio.com/v1/Services/${s.sid}/PhoneNumbers/${n.sid}`,
    };
  }

  private campaignJson(c: FakeCampaign): Record<string, unknown> {
    return {
      sid: c.sid,
      account_sid: this.accountSid,
      brand_registration_sid: c.brandRegistrationSid,
      messaging_service_sid: c.serviceSid,
      description: c.description,
      message_samples: c.messageSamples,
      us_app_to_person_usecase: c.usecase,
      has_embedded_links: c.hasEmbeddedLinks,
      has_embedded_phone: c.hasEmbeddedPhone,
      subscriber_opt_in: false,
      age_gated: false,
      direct_lending: false,
      campaign_status: c.status,
      campaign_id: c.status === 'VERIFIED' ? `C${c.sid.slice(2, 8).toUpperCase()}` : null,
      is_externally_registered: false,
      rate_limits: {},
      message_flow: c.messageFlow,
      opt_in_message: null,
      opt_out_message: null,
      help_message: null,
      opt_in_keywords: null,
      opt_out_keywords: null,
      help_keywords: null,
      date_created: c.dateCreated,
      date_updated: isoNow(),
      url: `https://messaging.twilio.com/v1/Services/${c.serviceSid}/Compliance/Usa2p/${c.sid}`,
      mock: false,
      errors: [],
    };
  }
}
