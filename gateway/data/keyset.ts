import { and, count, desc, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../../schema/db/database.ts';
import type { KeysetPosition } from './cursor.ts';

/** A newest-first page and a lazy count of everything the same conditions reach. */
export interface Page<Row> {
  rows: Row[];
  /** Each row's keyset position, for its cursor. */
  positions: KeysetPosition[];
  hasNextPage: boolean;
  countAll(): Promise<number>;
}

interface NewestFirst {
  table: PgTable;
  time: AnyPgColumn;
  id: AnyPgColumn;
}

/**
 * Reads one page newest first, by (time, id) below the cursor: index-backed
 * keyset pagination. `conditions` must already hold the caller's region
 * filter, so the page, `hasNextPage` and the count see the same rows.
 */
export async function readNewestFirst<Row extends { id: number }>(
  db: HubDatabase,
  order: NewestFirst,
  conditions: Array<SQL | undefined>,
  first: number,
  after: KeysetPosition | null,
): Promise<Page<Row>> {
  const keyset = after ? sql`(${order.time}, ${order.id}) < (${after.time}::timestamptz, ${after.id})` : undefined;
  const selected = (await db
    .select({ row: getTableColumns(order.table), keysetTime: sql<string>`to_char(${order.time} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` })
    .from(order.table)
    .where(and(...conditions, keyset))
    .orderBy(desc(order.time), desc(order.id))
    .limit(first + 1)) as Array<{ row: Row; keysetTime: string }>;
  const rows = selected.map((entry) => entry.row);
  return {
    rows: rows.slice(0, first),
    positions: selected.slice(0, first).map((entry) => ({ time: entry.keysetTime, id: entry.row.id })),
    hasNextPage: rows.length > first,
    countAll: async () => {
      const [result] = await db.select({ total: count() }).from(order.table).where(and(...conditions));
      return result?.total ?? 0;
    },
  };
}

