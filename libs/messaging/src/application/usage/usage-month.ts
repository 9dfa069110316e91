/** `YYYY-MM`: a calendar month, the unit carriers bill and the allowance resets on. */
export const USAGE_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month's half-open UTC range [start, end): the last millisecond belongs to it, midnight after does not. */
export function monthRange(month: string): { start: Date; end: Date } {
  const [year, monthNumber] = month.split('-').map(Number);
  return {
    start: new Date(Date.UTC(year, monthNumber - 1, 1)),
    end: new Date(Date.UTC(year, monthNumber, 1)),
  };
}

export function utcMonthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

export interface UsageCounts {
  outbound: { messages: number; segments: number };
  inbound: { messages: number; segments: number };
}

export interface SmsUsage extends UsageCounts {
  month: string;
  allowanceSegments: number;
  overageSegments: number;
  estimatedOverageCents: number;
}

/** The allowance covers both directions, as carriers bill both. */
export function usageFor(
  month: string,
  counts: UsageCounts,
  pricing: { allowanceSegments: number; overageCentsPerSegment: number },
): SmsUsage {
  const used = counts.outbound.segments + counts.inbound.segments;
  const overageSegments = Math.max(0, used - pricing.allowanceSegments);
  return {
    month,
    ...counts,
    allowanceSegments: pricing.allowanceSegments,
    overageSegments,
    estimatedOverageCents: overageSegments * pricing.overageCentsPerSegment,
  };
}
