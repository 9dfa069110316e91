import { ValidationFailedError, isUuid } from '@app/kernel';
import { decodeCursor } from '@app/platform';

/** A page cursor of a (timestamp desc, uuid desc) keyset, checked before it reaches SQL. */
export function keysetPosition(cursor: string | undefined): { at: Date; id: string } | null {
  const position = decodeCursor(cursor);
  if (!position) return null;
  const at = new Date(position.k);
  if (Number.isNaN(at.getTime()) || !isUuid(position.id)) {
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not valid' }]);
  }
  return { at, id: position.id };
}
