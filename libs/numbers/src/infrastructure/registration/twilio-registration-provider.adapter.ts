import { CarrierRejectedError } from '@app/kernel';
import {
  AppConfig,
  classifyTwilioError,
  createTwilioClient,
  twilioFailure,
  type TwilioClient,
  type TwilioClientOptions,
} from '@app/platform';
import {
  STEP_RESOURCE,
  type CarrierNumber,
  type RegistrationProvider,
  type RegistrationSubmission,
  type StepOutcome,
  type StepResources,
} from '../../application/registration/registration-provider.port';
import { redactEins } from '../../domain/registration/ein';
import { carrierReasons } from './carrier-reasons';
import { ensureResource } from './ensure-resource';
import { registerCustomerProfile, registerTrustProduct } from './twilio-trust-hub-steps';

/** "Phone Number or Short Code is already in the Messaging Service." */
const ALREADY_IN_SERVICE = 21710;

/**
 * A2P 10DLC registration as an ISV, through the real twilio SDK (TrustHub, Brand Registrations,
 * Messaging Services, US A2P campaigns). TrustHub resources are named after the registration's
 * id (see twilio-trust-hub-steps.ts); a brand is found again by its A2P profile, the Messaging
 * Service by the firm's id (every submission of the firm reuses it) and the campaign by its
 * service, which holds one.
 */
export class TwilioRegistrationProvider implements RegistrationProvider {
  private client: TwilioClient | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly options: TwilioClientOptions = {},
  ) {}

  get reviewPollSeconds(): number {
    return this.config.registration?.reviewPollSeconds ?? 60;
  }

  customerProfile(s: RegistrationSubmission, r: StepResources): Promise<StepOutcome> {
    const primary = this.config.registration?.primaryCustomerProfileSid ?? null;
    return this.call((twilio) => registerCustomerProfile(twilio, s, r, primary));
  }

  trustProduct(
    s: RegistrationSubmission,
    r: StepResources,
    customerProfileSid: string,
  ): Promise<StepOutcome> {
    return this.call((twilio) => registerTrustProduct(twilio, s, r, customerProfileSid));
  }

  brand(
    _s: RegistrationSubmission,
    r: StepResources,
    bundles: { customerProfileSid: string; trustProductSid: string },
  ): Promise<StepOutcome> {
    return this.call(async (twilio) => {
      const brands = twilio.messaging.v1.brandRegistrations;
      const brandSid = await ensureResource(
        r,
        STEP_RESOURCE.brand,
        async () =>
          (await brands.list()).find((b) => b.a2pProfileBundleSid === bundles.trustProductSid)?.sid,
        async () =>
          (
            await brands.create({
              customerProfileBundleSid: bundles.customerProfileSid,
              a2PProfileBundleSid: bundles.trustProductSid,
              brandType: 'STANDARD',
            })
          ).sid,
      );
      const brand = await brands(brandSid).fetch();
      // Read as a string: Twilio documents DELETED, the SDK's union does not list it.
      const status: string = brand.status;
      switch (status) {
        case 'APPROVED':
          return { kind: 'approved' };
        case 'FAILED':
        case 'DELETED':
          return {
            kind: 'rejected',
            reason: `The brand was rejected: ${carrierReasons(`status ${status}`, brand.errors, brand.failureReason)}`,
          };
        default:
          return { kind: 'in_review', detail: 'The Campaign Registry is vetting the brand.' };
      }
    });
  }

  messagingService(
    s: RegistrationSubmission,
    r: StepResources,
    number: CarrierNumber | null,
  ): Promise<StepOutcome> {
    return this.call(async (twilio) => {
      const services = twilio.messaging.v1.services;
      const serviceName = `Assure Pro ${s.firmId}`;
      const serviceSid = await ensureResource(
        r,
        STEP_RESOURCE.messagingService,
        async () => (await services.list()).find((v) => v.friendlyName === serviceName)?.sid,
        async () =>
          // Inbound texts keep arriving at the number's own webhook, as before registration.
          (await services.create({ friendlyName: serviceName, useInboundWebhookOnNumber: true }))
            .sid,
        { alwaysLookUp: true },
      );
      if (number && r.get(STEP_RESOURCE.phoneNumber) !== number.carrierId) {
        await this.attach(twilio, serviceSid, number);
        await r.remember(STEP_RESOURCE.phoneNumber, number.carrierId);
      }
      return { kind: 'approved' };
    });
  }

  campaign(
    s: RegistrationSubmission,
    r: StepResources,
    refs: { brandSid: string; messagingServiceSid: string },
  ): Promise<StepOutcome> {
    return this.call(async (twilio) => {
      const campaigns = twilio.messaging.v1.services(refs.messagingServiceSid).usAppToPerson;
      const { campaign: form } = s.form;
      const campaignSid = await ensureResource(
        r,
        STEP_RESOURCE.campaign,
        async () => {
          const existing = await campaigns.list();
          // A service holds one campaign; one left by an earlier, failed submission goes.
          for (const stale of existing.filter((c) => c.brandRegistrationSid !== refs.brandSid)) {
            await campaigns(stale.sid).remove();
          }
          return existing.find((c) => c.brandRegistrationSid === refs.brandSid)?.sid;
        },
        async () =>
          (
            await campaigns.create({
              brandRegistrationSid: refs.brandSid,
              description: form.description,
              messageFlow: form.messageFlow,
              messageSamples: form.sampleMessages,
              usAppToPersonUsecase: form.useCase,
              hasEmbeddedLinks: form.hasEmbeddedLinks,
              hasEmbeddedPhone: form.hasEmbeddedPhone,
            })
          ).sid,
        { alwaysLookUp: true },
      );
      const campaign = await campaigns(campaignSid).fetch();
      switch (campaign.campaignStatus) {
        case 'VERIFIED':
          return { kind: 'approved' };
        case 'FAILED':
          return {
            kind: 'rejected',
            reason: `The campaign was rejected: ${carrierReasons('no reason given', campaign.errors)}`,
          };
        default:
          return { kind: 'in_review', detail: 'US carriers are reviewing the campaign.' };
      }
    });
  }

  attachNumber(messagingServiceSid: string, number: CarrierNumber): Promise<void> {
    return this.call((twilio) => this.attach(twilio, messagingServiceSid, number));
  }

  private async attach(
    twilio: TwilioClient,
    serviceSid: string,
    number: CarrierNumber,
  ): Promise<void> {
    const numbers = twilio.messaging.v1.services(serviceSid).phoneNumbers;
    if ((await numbers.list()).some((n) => n.sid === number.carrierId)) return;
    try {
      await numbers.create({ phoneNumberSid: number.carrierId });
    } catch (error) {
      if (twilioFailure(error)?.code !== ALREADY_IN_SERVICE) throw error;
    }
  }

  /** Runs SDK calls with Twilio's failures turned into the kernel's carrier errors, EINs masked. */
  private async call<T>(run: (twilio: TwilioClient) => Promise<T>): Promise<T> {
    try {
      return await run(this.twilio());
    } catch (error) {
      const classified = classifyTwilioError(error);
      if (classified instanceof CarrierRejectedError) {
        throw new CarrierRejectedError(classified.carrierCode, redactEins(classified.message));
      }
      throw classified;
    }
  }

  /** Built on first use, so a process running the sandbox carrier never needs Twilio credentials. */
  private twilio(): TwilioClient {
    this.client ??= createTwilioClient(this.config, this.options);
    return this.client;
  }
}
