import { CarrierAuthFailedError } from '@app/kernel';
import type { TwilioClient } from '@app/platform';
import {
  STEP_RESOURCE,
  type RegistrationSubmission,
  type StepOutcome,
  type StepResources,
} from '../../application/registration/registration-provider.port';
import { ensureResource } from './ensure-resource';
import {
  A2P_TRUST_PRODUCT_POLICY,
  SECONDARY_CUSTOMER_PROFILE_POLICY,
  authorizedRepresentative,
  bundleOutcome,
  businessInformation,
  completeBundle,
  customerProfileBundle,
  messagingProfileInformation,
  trustProductBundle,
} from './twilio-trust-hub';

/**
 * The TrustHub steps of ISV onboarding: the firm's secondary customer profile (business
 * information, authorised representative, address, the platform's primary profile), then its A2P
 * messaging profile (trust product). Every resource is named `Assure Pro <role> <registration id>`
 * (within Twilio's 64 characters), which is how one is found again after a crash.
 */

export async function registerCustomerProfile(
  twilio: TwilioClient,
  s: RegistrationSubmission,
  r: StepResources,
  primaryCustomerProfileSid: string | null,
): Promise<StepOutcome> {
  const trusthub = twilio.trusthub.v1;
  const name = (role: string) => friendlyName(role, s.registrationId);
  const profileSid = await ensureResource(
    r,
    STEP_RESOURCE.customerProfile,
    async () => (await trusthub.customerProfiles.list({ friendlyName: name('profile') }))[0]?.sid,
    async () =>
      (
        await trusthub.customerProfiles.create({
          friendlyName: name('profile'),
          email: s.form.contact.email,
          policySid: SECONDARY_CUSTOMER_PROFILE_POLICY,
        })
      ).sid,
  );
  const bundle = customerProfileBundle(twilio, profileSid);
  const outcome = bundleOutcome(await bundle.fetch(), 'business profile');
  if (outcome) return outcome;
  if (!primaryCustomerProfileSid) {
    // The platform's own approved profile vouches for the firm's; TrustHub refuses without it.
    throw new CarrierAuthFailedError(
      'TWILIO_PRIMARY_CUSTOMER_PROFILE_SID is not set; an operator must configure the platform’s approved primary customer profile.',
    );
  }

  const business = await endUser(
    twilio,
    r,
    'businessInformation',
    name('business'),
    'customer_profile_business_information',
    businessInformation(s.form),
  );
  const representative = await endUser(
    twilio,
    r,
    'authorizedRepresentative',
    name('contact'),
    'authorized_representative_1',
    authorizedRepresentative(s.form),
  );
  const { address } = s.form.business;
  const addressSid = await ensureResource(
    r,
    'address',
    async () => (await twilio.addresses.list({ friendlyName: name('address') }))[0]?.sid,
    async () =>
      (
        await twilio.addresses.create({
          friendlyName: name('address'),
          customerName: s.form.business.legalName,
          street: address.street,
          city: address.city,
          region: address.region,
          postalCode: address.postalCode,
          isoCountry: address.country,
        })
      ).sid,
  );
  const document = await ensureResource(
    r,
    'addressDocument',
    async () =>
      (await trusthub.supportingDocuments.list()).find(
        (d) => d.friendlyName === name('address-doc'),
      )?.sid,
    async () =>
      (
        await trusthub.supportingDocuments.create({
          friendlyName: name('address-doc'),
          type: 'customer_profile_address',
          attributes: { address_sids: addressSid },
        })
      ).sid,
  );
  return completeBundle(
    bundle,
    r,
    'customerProfileEvaluation',
    [business, representative, document, primaryCustomerProfileSid],
    'business profile',
  );
}

export async function registerTrustProduct(
  twilio: TwilioClient,
  s: RegistrationSubmission,
  r: StepResources,
  customerProfileSid: string,
): Promise<StepOutcome> {
  const trusthub = twilio.trusthub.v1;
  const name = (role: string) => friendlyName(role, s.registrationId);
  const productSid = await ensureResource(
    r,
    STEP_RESOURCE.trustProduct,
    async () => (await trusthub.trustProducts.list({ friendlyName: name('a2p-profile') }))[0]?.sid,
    async () =>
      (
        await trusthub.trustProducts.create({
          friendlyName: name('a2p-profile'),
          email: s.form.contact.email,
          policySid: A2P_TRUST_PRODUCT_POLICY,
        })
      ).sid,
  );
  const bundle = trustProductBundle(twilio, productSid);
  const outcome = bundleOutcome(await bundle.fetch(), 'A2P messaging profile');
  if (outcome) return outcome;
  const information = await endUser(
    twilio,
    r,
    'messagingProfileInformation',
    name('a2p-info'),
    'us_a2p_messaging_profile_information',
    messagingProfileInformation(s.form),
  );
  return completeBundle(
    bundle,
    r,
    'trustProductEvaluation',
    [information, customerProfileSid],
    'A2P messaging profile',
  );
}

function endUser(
  twilio: TwilioClient,
  r: StepResources,
  role: string,
  name: string,
  type: string,
  attributes: Record<string, string>,
): Promise<string> {
  const endUsers = twilio.trusthub.v1.endUsers;
  return ensureResource(
    r,
    role,
    async () => (await endUsers.list()).find((u) => u.friendlyName === name)?.sid,
    async () => (await endUsers.create({ friendlyName: name, type, attributes })).sid,
  );
}

function friendlyName(role: string, registrationId: string): string {
  return `Assure Pro ${role} ${registrationId}`;
}
