import type { ActivityView } from '../../application/activity-view';
import { csvRow } from './csv';

const COLUMNS = ['id', 'type', 'occurredAt', 'actorId', 'clientId', 'messageId', 'data'];

/** The export as CSV text, one chunk per page of entries, header first. */
export async function* activityCsv(pages: AsyncIterable<ActivityView[]>): AsyncGenerator<string> {
  yield csvRow(COLUMNS);
  for await (const page of pages) {
    yield page
      .map((e) =>
        csvRow([
          e.id,
          e.type,
          e.occurredAt,
          e.actorId,
          e.clientId,
          e.messageId,
          JSON.stringify(e.data),
        ]),
      )
      .join('');
  }
}

/**
 * True when the caller asked for CSV (`Accept: text/csv`) and ranks it at least as high as
 * JSON; browsers' `*\/*` alone keeps the JSON default.
 */
export function acceptsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const quality = new Map<string, number>();
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    quality.set(type.trim(), Number.isFinite(value) ? value : 0);
  }
  const csv = quality.get('text/csv') ?? 0;
  return csv > 0 && csv >= (quality.get('application/json') ?? 0);
}
