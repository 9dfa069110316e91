/** How a member wants to hear about client texts. Without a saved choice, both channels are on. */
export interface NotificationPreferences {
  smsReply: { inApp: boolean; email: boolean };
}

export function defaultPreferences(): NotificationPreferences {
  return { smsReply: { inApp: true, email: true } };
}
