import { displayPhone } from '@app/kernel';
import { DEFAULT_SMS_CONSENT, SmsConsentState } from '@app/compliance';
import type { ClientEntity } from '../infrastructure/persistence/client.entity';

export interface ClientView {
  id: string;
  name: string;
  phone: string | null;
  phoneDisplay: string | null;
  email: string | null;
  sms: SmsConsentState;
  createdAt: string;
  updatedAt: string;
}

export function toClientView(client: ClientEntity, sms: SmsConsentState | undefined): ClientView {
  return {
    id: client.id,
    name: client.name,
    phone: client.phone,
    phoneDisplay: client.phone ? displayPhone(client.phone) : null,
    email: client.email,
    sms: sms ?? { ...DEFAULT_SMS_CONSENT },
    createdAt: client.createdAt.toISOString(),
    updatedAt: client.updatedAt.toISOString(),
  };
}
