import type { RegistrationStatus } from '../../contracts/registration.contracts';

/** What Settings → SMS shows: the firm's number and how lively it is, or that it has none. */
export interface NoNumberCard {
  state: 'none';
}

export interface ActiveNumberCard {
  state: 'active';
  phoneNumber: string;
  display: string;
  status: 'active';
  connectedAt: string;
  lastOutboundAt: string | null;
  lastActivityAt: string | null;
  inboundPaused: boolean;
  /**
   * The firm's A2P 10DLC registration. `sendingMayBeBlocked`: with the real carrier, US carriers
   * block texts from the number (error 30034) until the registration is approved.
   */
  registration: { status: RegistrationStatus; sendingMayBeBlocked: boolean };
}

export type NumberCard = NoNumberCard | ActiveNumberCard;

export const NO_NUMBER: NoNumberCard = { state: 'none' };
