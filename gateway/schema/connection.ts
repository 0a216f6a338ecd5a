import { decodeCursor, encodeCursor, pageSize, type KeysetPosition } from '../data/cursor.ts';
import type { Page } from '../data/keyset.ts';

/**
 * Turns a keyset page into a Relay connection (forward only, so never a
 * previous page). Nodes reached through a connection carry no purpose:
 * people in them stay masked.
 */
export function connectionOf<Row>(page: Page<Row>) {
  const edges = page.rows.map((row, index) => ({ cursor: encodeCursor(page.positions[index]!), node: { ...row, purpose: null } }));
  return {
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
    countAll: page.countAll,
  };
}

/** Relay paging arguments checked: the page size and where the page starts (BAD_USER_INPUT otherwise). */
export function checkedPaging(args: { first?: number | null; last?: number | null; before?: string | null; after?: string | null }): { first: number; after: KeysetPosition | null } {
  return { first: pageSize(args), after: args.after ? decodeCursor(args.after) : null };
}
