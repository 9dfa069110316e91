/** What a notification is about; stored as text and named the same in the API. */
export const NOTIFICATION_TYPES = ['sms.reply', 'sms.unmatched', 'sms.delivery_failed'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
