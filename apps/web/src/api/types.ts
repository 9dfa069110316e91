/**
 * The shapes of API.md (the fixed contract) that the screens use. `schema.d.ts` is generated from
 * the running server's OpenAPI document (`npm run web:api-types`) and is the reference these are
 * kept in line with; the contract is written down here so the UI builds while routes still land.
 */

export type Permission =
  | 'firm_settings.view'
  | 'firm_settings.edit'
  | 'messages.send'
  | 'messages.view'
  | 'sms.unmatched.triage'
  | 'activity.view';

export type Role = 'owner' | 'admin' | 'staff' | 'viewer';

export interface User {
  id: string;
  firmId: string;
  name: string;
  email: string;
  role: Role;
  permissions: Permission[];
}

export interface LoginResult {
  accessToken: string;
  user: User;
}

export interface DemoLogin {
  email: string;
  password: string;
  role: Role;
  name: string;
}

export interface DemoInfo {
  demo: boolean;
  logins: DemoLogin[];
  carrier: 'sandbox' | 'twilio';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
}

export interface Client {
  id: string;
  name: string;
  phone: string | null;
  email: string | null;
  sms: { optedOut: boolean; optedOutAt?: string | null; disclosureSentAt?: string | null };
}

export type FirmNumber =
  | { state: 'none' }
  | {
      state: 'active';
      phoneNumber: string;
      display: string;
      status: 'active';
      connectedAt: string;
      lastOutboundAt: string | null;
      lastActivityAt: string | null;
      inboundPaused: boolean;
      /** The firm's texting (A2P 10DLC) registration; absent from older servers. */
      registration?: NumberRegistrationHint;
    };

export type ActiveNumber = Extract<FirmNumber, { state: 'active' }>;

export interface AvailableNumber {
  phoneNumber: string;
  display: string;
  locality: string | null;
  region: string | null;
}

export type MessageStatus =
  'queued' | 'sending' | 'sent' | 'delivered' | 'read' | 'undelivered' | 'failed' | 'received';

export interface Message {
  id: string;
  clientId: string | null;
  direction: 'outbound' | 'inbound';
  channel: 'sms';
  body: string;
  from: string;
  to: string;
  status: MessageStatus;
  segments: number;
  encoding: 'GSM-7' | 'UCS-2';
  sentBy: string | null;
  createdAt: string;
  statusUpdatedAt: string;
  errorCode: string | null;
  errorReason?: string | null;
  /** The first outbound text to a client carries the one-time consent notice. */
  includesDisclosure?: boolean;
  keyword?: string | null;
  possibleOptOut?: boolean;
  receivedWhilePaused?: boolean;
}

export interface UnmatchedMessage extends Message {
  candidates?: Array<{ id: string; name: string }>;
}

export interface Thread {
  clientId: string;
  clientName: string;
  lastMessage: Message | null;
  unreadCount: number;
}

export type SmsUnavailableReason =
  'no_firm_number' | 'client_opted_out' | 'client_has_no_phone' | 'forbidden';

export interface SmsAvailability {
  available: boolean;
  reason: SmsUnavailableReason | null;
  /** Sending works but US carriers may block it; absent from older servers. */
  warning?: 'registration_not_approved' | null;
}

export interface SmsPreview {
  encoding: 'GSM-7' | 'UCS-2';
  characters: number;
  segments: number;
  willIncludeDisclosure: boolean;
}

export interface Usage {
  month: string;
  outbound: { messages: number; segments: number };
  inbound: { messages: number; segments: number };
  allowanceSegments: number;
  overageSegments: number;
  estimatedOverageCents: number;
}

export interface ActivityItem {
  id: string;
  type: string;
  occurredAt: string;
  actorId: string | null;
  clientId: string | null;
  messageId: string | null;
  data: Record<string, unknown> | null;
}

/** API.md leaves a notification's fields open; these are the ones the bell knows how to show. */
export interface AppNotification {
  id: string;
  type?: string;
  title?: string;
  body?: string;
  preview?: string;
  clientId?: string | null;
  clientName?: string | null;
  messageId?: string | null;
  /** The web app's path to open, e.g. /inbox/<clientId>. */
  link?: string;
  createdAt?: string;
  readAt?: string | null;
  read?: boolean;
  data?: Record<string, unknown> | null;
}

export type MergeField = 'client.firstName' | 'client.name' | 'firm.name' | 'member.firstName';

export const MERGE_FIELDS: Array<{ field: MergeField; label: string }> = [
  { field: 'client.firstName', label: 'Client first name' },
  { field: 'client.name', label: 'Client name' },
  { field: 'firm.name', label: 'Firm name' },
  { field: 'member.firstName', label: 'Your first name' },
];

export interface SmsTemplate {
  id: string;
  name: string;
  body: string;
  fields: MergeField[];
  createdAt?: string;
  updatedAt: string;
}

export interface RenderedTemplate {
  body: string;
  encoding: 'GSM-7' | 'UCS-2';
  segments: number;
  missingFields: MergeField[];
  willIncludeDisclosure?: boolean;
}

/** Settings → SMS → Texting registration (A2P 10DLC with US carriers). */
export type RegistrationStatus = 'not_started' | 'in_progress' | 'approved' | 'failed';

export type RegistrationStepName =
  'customer_profile' | 'trust_product' | 'brand' | 'messaging_service' | 'campaign';

export type RegistrationStepStatus =
  'pending' | 'in_progress' | 'in_review' | 'approved' | 'failed';

export interface RegistrationStep {
  name: RegistrationStepName;
  status: RegistrationStepStatus;
  /** The carrier's reason when failed; what is awaited otherwise. */
  detail: string | null;
  updatedAt: string | null;
}

export interface RegistrationForm {
  business: {
    legalName: string;
    /** NN-NNNNNNN when sent; answers show it masked as **-***6789. */
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

export interface Registration {
  status: RegistrationStatus;
  steps: RegistrationStep[];
  submitted: RegistrationForm | null;
  submittedAt: string | null;
}

export interface NumberRegistrationHint {
  status: RegistrationStatus;
  /** US carriers are likely to block texts from the number until the registration is approved. */
  sendingMayBeBlocked: boolean;
}
