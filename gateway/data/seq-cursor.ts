import { badUserInput } from '../errors.ts';

/**
 * A cursor for pages ordered by a sequence number alone: the audit log,
 * whose `seq` is chain order (its clock times come from each replica and
 * need not rise with it). Opaque to clients, like the keyset cursors.
 */
export function encodeSeqCursor(seq: number): string {
  return Buffer.from(JSON.stringify(['seq', seq])).toString('base64url');
}

/** Reads an `after` cursor issued by `encodeSeqCursor`, or throws BAD_USER_INPUT naming the argument. */
export function decodeSeqCursor(cursor: string, argument = 'after'): number {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value[0] === 'seq' && Number.isSafeInteger(value[1]) && (value[1] as number) > 0) return value[1] as number;
  } catch {
    // fall through to the coded error
  }
  throw badUserInput(argument, 'not a cursor this API issued; pass endCursor from a previous page');
}
