import { ValidationFailedError } from '@app/kernel';
import { decodeCursor, encodeCursor } from '@app/platform';
import type { ActivityPosition } from '../infrastructure/persistence/activity-log.repository';

const MICROSECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const SEQ = /^\d{1,18}$/;

export function encodeActivityCursor(position: ActivityPosition): string {
  return encodeCursor({ k: position.occurredAt, id: position.seq });
}

/** A cursor is opaque to clients, but it reaches SQL, so its parts are checked strictly. */
export function decodeActivityCursor(cursor: string | undefined): ActivityPosition | null {
  const keyset = decodeCursor(cursor);
  if (!keyset) return null;
  if (!MICROSECOND_UTC.test(keyset.k) || Number.isNaN(Date.parse(keyset.k)) || !SEQ.test(keyset.id))
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not valid' }]);
  return { occurredAt: keyset.k, seq: keyset.id };
}
