import { getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../../../schema/db/database.ts';
import type { WritePolicy } from './write-policies.ts';

type Row = Record<string, unknown>;

/** PostgreSQL takes at most 65,535 bind parameters per statement. */
const MAX_PARAMETERS = 60_000;

/** The JS property name of each key column, to key rows before they reach SQL. */
function propertyNames(policy: WritePolicy): string[] {
  const columns = getTableColumns(policy.table) as Record<string, PgColumn>;
  return policy.key.map((keyColumn) => {
    const entry = Object.entries(columns).find(([, column]) => column === keyColumn);
    if (!entry) throw new Error(`key column ${keyColumn.name} is not in its table`);
    return entry[0];
  });
}

/**
 * One statement cannot touch a key twice, so rows sharing a key within a batch
 * collapse first, by the same rule the table applies. Sorted by key, so
 * concurrent batches lock rows in the same order and cannot deadlock.
 */
export function collapseByKey(policy: WritePolicy, rows: Row[]): Row[] {
  const keyProps = propertyNames(policy);
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    const key = JSON.stringify(keyProps.map((prop) => row[prop]));
    const held = byKey.get(key);
    const newer = held === undefined || (policy.mode === 'latest-wins' && (row.eventTime as Date) >= (held.eventTime as Date));
    if (newer) byKey.set(key, row);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Multi-row upsert of one table's rows by its write policy. */
export async function upsertRows(tx: HubDatabase, policy: WritePolicy, rows: Row[]): Promise<void> {
  const collapsed = collapseByKey(policy, rows);
  const first = collapsed[0];
  if (!first) return;
  const chunkSize = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(first).length));
  const columns = getTableColumns(policy.table) as Record<string, PgColumn>;
  const keyNames = new Set(policy.key.map((column) => column.name));
  const updateSet = Object.fromEntries(
    Object.entries(columns)
      .filter(([, column]) => !keyNames.has(column.name))
      .map(([prop, column]) => [prop, sql.raw(`excluded."${column.name}"`)]),
  );
  for (let start = 0; start < collapsed.length; start += chunkSize) {
    const chunk = collapsed.slice(start, start + chunkSize);
    const insert = tx.insert(policy.table).values(chunk as never);
    if (policy.mode === 'first-wins') {
      await insert.onConflictDoNothing({ target: policy.key });
    } else {
      await insert.onConflictDoUpdate({
        target: policy.key,
        set: updateSet,
        setWhere: sql`${policy.table.eventTime} <= excluded."event_time"`,
      });
    }
  }
}
