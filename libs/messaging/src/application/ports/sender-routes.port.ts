/** Which way a firm's texts leave: through its Messaging Service, or `From` its number. */
export const SENDER_ROUTES = Symbol('SENDER_ROUTES');

export interface SenderRoutes {
  /** The firm's Messaging Service (`MG…`), or null to send `From` the firm's number. */
  messagingServiceOf(firmId: string): Promise<string | null>;
  /** Drops what is known of a firm, e.g. after the carrier refused a send. */
  forget(firmId: string): void;
}
