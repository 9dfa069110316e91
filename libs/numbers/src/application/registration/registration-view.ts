import type {
  RegistrationStatus,
  RegistrationStepName,
  RegistrationStepStatus,
} from '../../contracts/registration.contracts';
import type {
  RegistrationAddress,
  RegistrationCampaign,
  RegistrationContact,
} from '../../domain/registration/registration-form';

export interface RegistrationStepView {
  name: RegistrationStepName;
  status: RegistrationStepStatus;
  detail: string | null;
  updatedAt: string | null;
}

/** The last form as the firm sent it, with the EIN masked (`**-***6789`). */
export interface SubmittedRegistrationView {
  business: {
    legalName: string;
    ein: string;
    businessType: string;
    industry: string;
    website: string;
    address: RegistrationAddress;
  };
  contact: RegistrationContact;
  campaign: RegistrationCampaign;
}

/** GET/PUT /api/sms/registration. */
export interface RegistrationView {
  status: RegistrationStatus;
  steps: RegistrationStepView[];
  submitted: SubmittedRegistrationView | null;
  submittedAt: string | null;
}
