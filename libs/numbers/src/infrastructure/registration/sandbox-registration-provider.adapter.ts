import { randomBytes } from 'node:crypto';
import { Clock } from '@app/kernel';
import {
  STEP_RESOURCE,
  type CarrierNumber,
  type RegistrationProvider,
  type RegistrationSubmission,
  type StepOutcome,
  type StepResources,
} from '../../application/registration/registration-provider.port';
import { hasOptOutLanguage } from '../../domain/registration/registration-rules';

/** How long the simulated reviews of the brand and the campaign take. */
export const SANDBOX_REVIEW_MS = 2_000;

/**
 * The local simulated carrier: business profile and A2P profile are approved at once; the brand
 * and the campaign each sit in review for a couple of seconds. Like a strict reviewer, it rejects
 * a campaign in which any sample message does not say how to opt out. Its ids carry their
 * creation time, so a review survives a restart without any state of its own.
 */
export class SandboxRegistrationProvider implements RegistrationProvider {
  readonly reviewPollSeconds = 1;

  constructor(private readonly clock: Clock) {}

  async customerProfile(_s: RegistrationSubmission, r: StepResources): Promise<StepOutcome> {
    await this.ensure(r, STEP_RESOURCE.customerProfile, 'BU');
    return { kind: 'approved' };
  }

  async trustProduct(_s: RegistrationSubmission, r: StepResources): Promise<StepOutcome> {
    await this.ensure(r, STEP_RESOURCE.trustProduct, 'BU');
    return { kind: 'approved' };
  }

  async brand(_s: RegistrationSubmission, r: StepResources): Promise<StepOutcome> {
    const sid = await this.ensure(r, STEP_RESOURCE.brand, 'BN');
    if (this.inReview(sid)) return { kind: 'in_review', detail: 'Simulated brand review.' };
    return { kind: 'approved' };
  }

  async messagingService(
    _s: RegistrationSubmission,
    r: StepResources,
    number: CarrierNumber | null,
  ): Promise<StepOutcome> {
    await this.ensure(r, STEP_RESOURCE.messagingService, 'MG');
    if (number) await r.remember(STEP_RESOURCE.phoneNumber, number.carrierId);
    return { kind: 'approved' };
  }

  async campaign(s: RegistrationSubmission, r: StepResources): Promise<StepOutcome> {
    const sid = await this.ensure(r, STEP_RESOURCE.campaign, 'QE');
    if (this.inReview(sid)) return { kind: 'in_review', detail: 'Simulated campaign review.' };
    const lacking = s.form.campaign.sampleMessages
      .map((sample, i) => (hasOptOutLanguage(sample) ? null : i + 1))
      .filter((n): n is number => n !== null);
    if (lacking.length > 0) {
      return {
        kind: 'rejected',
        reason: `The campaign was rejected (sandbox review): every sample message must say how to opt out, e.g. "Reply STOP to opt out"; sample ${lacking.join(', ')} does not.`,
      };
    }
    return { kind: 'approved' };
  }

  async attachNumber(): Promise<void> {
    // Nothing is held outside our own tables.
  }

  private async ensure(r: StepResources, role: string, prefix: string): Promise<string> {
    const known = r.get(role);
    if (known) return known;
    const created = this.clock.now().getTime().toString(16).padStart(12, '0');
    const sid = `SB${prefix}${created}${randomBytes(10).toString('hex')}`;
    await r.remember(role, sid);
    return sid;
  }

  private inReview(sid: string): boolean {
    const created = parseInt(sid.slice(4, 16), 16);
    return this.clock.now().getTime() - created < SANDBOX_REVIEW_MS;
  }
}
