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
}

export type NumberCard = NoNumberCard | ActiveNumberCard;

export const NO_NUMBER: NoNumberCard = { state: 'none' };
