import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { REGISTRATION_STEP_NAMES } from '../../contracts/registration.contracts';
import { maskEin } from '../../domain/registration/ein';
import { RegistrationRepository } from '../../infrastructure/registration/registration.repository';
import type { RegistrationView } from './registration-view';

/** Builds what Settings → SMS shows of the firm's latest registration. */
@Injectable()
export class RegistrationViews {
  constructor(private readonly registrations: RegistrationRepository) {}

  async forFirm(firmId: string, tx?: EntityManager): Promise<RegistrationView> {
    const registration = await this.registrations.latestForFirm(firmId, tx);
    if (!registration) {
      return {
        status: 'not_started',
        steps: REGISTRATION_STEP_NAMES.map((name) => ({
          name,
          status: 'pending',
          detail: null,
          updatedAt: null,
        })),
        submitted: null,
        submittedAt: null,
      };
    }
    const steps = await this.registrations.steps(registration.id, tx);
    const { form } = registration;
    return {
      status: registration.status,
      steps: steps.map((step) => ({
        name: step.name,
        status: step.status,
        detail: step.detail,
        updatedAt: step.updatedAt?.toISOString() ?? null,
      })),
      submitted: {
        business: {
          legalName: form.business.legalName,
          ein: maskEin(registration.einLast4),
          businessType: form.business.businessType,
          industry: form.business.industry,
          website: form.business.website,
          address: form.business.address,
        },
        contact: form.contact,
        campaign: form.campaign,
      },
      submittedAt: registration.submittedAt.toISOString(),
    };
  }
}
