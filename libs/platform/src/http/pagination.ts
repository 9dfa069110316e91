import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ValidationFailedError, isUuid } from '@app/kernel';

/** `?cursor=&limit=` of every list: limit 1–200, default 50. */
export class PageQueryDto {
  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position: the sort key of the last row and its id as tie-breaker. */
export interface Keyset {
  k: string;
  id: string;
}

export function encodeCursor(position: Keyset): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Keyset | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      value &&
      typeof value === 'object' &&
      typeof (value as Keyset).k === 'string' &&
      typeof (value as Keyset).id === 'string'
    ) {
      return value as Keyset;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not valid' }]);
}

/** Where a page of a (timestamp desc, uuid desc) list resumes, typed as its SQL takes it. */
export interface KeysetPosition {
  at: Date;
  id: string;
}

/** A timestamp as `Date#toISOString` writes it, in a year Postgres stores (there is no year 0). */
const ISO_MILLISECONDS_UTC = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The position of a list ordered by a timestamp and a UUID. The cursor is opaque to clients but
 * its parts reach SQL, so a forged one is refused here as the caller's mistake rather than
 * failing there as ours.
 */
export function keysetPosition(cursor: string | undefined): KeysetPosition | null {
  const position = decodeCursor(cursor);
  if (!position) return null;
  const at = new Date(position.k);
  if (
    !ISO_MILLISECONDS_UTC.test(position.k) ||
    Number.isNaN(at.getTime()) ||
    at.toISOString() !== position.k ||
    !isUuid(position.id)
  ) {
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not valid' }]);
  }
  return { at, id: position.id };
}

/** Takes `limit + 1` rows; the extra one only tells whether another page exists. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  keyOf: (row: R) => Keyset,
): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: hasMore ? encodeCursor(keyOf(pageRows[pageRows.length - 1])) : null,
  };
}
