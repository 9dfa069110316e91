import { FieldError, ValidationFailedError, isUuid } from '@app/kernel';
import { ActivityTypeFilter, parseActivityTypeFilter } from './activity-type';

/** What an audit query narrows the firm's log to; every part is optional. */
export interface ActivityFilter {
  type: ActivityTypeFilter | null;
  clientId: string | null;
  actorId: string | null;
  /** Inclusive bounds on `occurredAt`. */
  from: Date | null;
  to: Date | null;
}

export interface RawActivityFilter {
  type?: string;
  clientId?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * An ISO-8601 date or date-time; one without an offset is read as UTC, as every timestamp of
 * the API is. Calendar-impossible dates (2026-02-30, 24:00) are refused rather than rolled over.
 */
export function parseIsoInstant(value: string): Date | null {
  const match = ISO_8601.exec(value);
  if (!match) return null;
  const [, year, month, day, hour = '00', minute = '00', second = '00', zone] = match;
  const calendar = new Date(Date.UTC(+year, +month - 1, +day, +hour, +minute, +second));
  if (
    calendar.getUTCFullYear() !== +year ||
    calendar.getUTCMonth() !== +month - 1 ||
    calendar.getUTCDate() !== +day ||
    calendar.getUTCHours() !== +hour ||
    calendar.getUTCMinutes() !== +minute ||
    calendar.getUTCSeconds() !== +second
  ) {
    return null;
  }
  const text = value.includes('T') && !zone ? `${value}Z` : value;
  const instant = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

/** Empty parameters count as absent, which is what a form with blank fields sends. */
function given(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/** Checks every filter at once so the caller sees all mistakes in one 400. */
export function parseActivityFilter(raw: RawActivityFilter): ActivityFilter {
  const errors: FieldError[] = [];
  const filter: ActivityFilter = {
    type: null,
    clientId: null,
    actorId: null,
    from: null,
    to: null,
  };

  if (given(raw.type)) {
    filter.type = parseActivityTypeFilter(raw.type);
    if (!filter.type)
      errors.push({
        field: 'type',
        message:
          'type must be a known activity type or a prefix of one ending in * (sms.message.*)',
      });
  }
  for (const field of ['clientId', 'actorId'] as const) {
    const value = raw[field];
    if (!given(value)) continue;
    if (isUuid(value)) filter[field] = value.toLowerCase();
    else errors.push({ field, message: `${field} must be a UUID` });
  }
  for (const field of ['from', 'to'] as const) {
    const value = raw[field];
    if (!given(value)) continue;
    filter[field] = parseIsoInstant(value);
    if (!filter[field])
      errors.push({ field, message: `${field} must be an ISO-8601 date or date-time` });
  }
  if (filter.from && filter.to && filter.from > filter.to)
    errors.push({ field: 'from', message: 'from must not be later than to' });

  if (errors.length > 0) throw new ValidationFailedError(errors);
  return filter;
}
