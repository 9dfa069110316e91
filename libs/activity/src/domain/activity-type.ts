/** Every kind of entry the activity log holds: the audit vocabulary of API.md. */
export const ACTIVITY_TYPES = [
  'sms.number.claimed',
  'sms.number.released',
  'sms.message.inbound',
  'sms.message.outbound',
  'sms.message.delivery_failed',
  'sms.client.opted_out',
  'sms.client.opted_in',
  'sms.registration.submitted',
  'sms.registration.approved',
  'sms.registration.failed',
] as const;

export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export function isActivityType(value: string): value is ActivityType {
  return (ACTIVITY_TYPES as readonly string[]).includes(value);
}

/** `type=` of an audit query: one type, or every type under a prefix (`sms.message.*`). */
export type ActivityTypeFilter = { exact: ActivityType } | { prefix: string };

/**
 * Reads `type=`: a known type, or a prefix ending in `*` that at least one known type starts
 * with (a prefix that matches nothing is a typo, not an empty audit). Null when invalid.
 */
export function parseActivityTypeFilter(value: string): ActivityTypeFilter | null {
  if (isActivityType(value)) return { exact: value };
  if (!value.endsWith('*')) return null;
  const prefix = value.slice(0, -1);
  if (prefix.includes('*')) return null;
  return ACTIVITY_TYPES.some((type) => type.startsWith(prefix)) ? { prefix } : null;
}
