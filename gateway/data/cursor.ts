import { isRealDateTime } from '../../schema/identifiers/index.ts';
import { badUserInput } from '../errors.ts';

/**
 * Where a newest-first page stopped: the last row's time and id (keyset
 * pagination, never OFFSET). The time is PostgreSQL's own, to the
 * microsecond, as UTC ISO text: a JavaScript Date would round it to the
 * millisecond and a page could skip rows within that millisecond.
 */
export interface KeysetPosition {
  time: string;
  id: number;
}

const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** An opaque cursor; clients pass it back as `after`. */
export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.time, position.id])).toString('base64url');
}

/** Reads an `after` cursor, or throws BAD_USER_INPUT naming the argument. */
export function decodeCursor(cursor: string, argument = 'after'): KeysetPosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && UTC_INSTANT.test(value[0]) && isRealDateTime(value[0]) && value[0] >= '0001' && Number.isSafeInteger(value[1])) {
      return { time: value[0], id: value[1] as number };
    }
  } catch {
    // fall through to the coded error
  }
  throw badUserInput(argument, 'not a cursor this API issued; pass endCursor from a previous page');
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** Checks Relay paging arguments: forward only (newest first), 1–100 rows. */
export function pageSize(args: { first?: number | null; last?: number | null; before?: string | null }): number {
  if (args.last != null || args.before != null) throw badUserInput(args.last != null ? 'last' : 'before', 'pages run newest first; page forward with first and after');
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw badUserInput('first', `must be from 1 to ${MAX_PAGE_SIZE}`);
  return first;
}
