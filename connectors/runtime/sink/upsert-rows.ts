import { getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../../../schema/db/database.ts';
import { compareKeys, compositeKey } from './composite-key.ts';
import { unnestInsert } from './unnest-insert.ts';
import type { WritePolicy } from './write-policies.ts';

type Row = Record<string, unknown>;

const keyPropertiesOf = new WeakMap<WritePolicy, string[]>();

/** The JS property name of each key column, to key rows before they reach SQL; worked out once per policy. */
function propertyNames(policy: WritePolicy): string[] {
  const known = keyPropertiesOf.get(policy);
  if (known) return known;
  const columns = getTableColumns(policy.table) as Record<string, PgColumn>;
  const names = policy.key.map((keyColumn) => {
    const entry = Object.entries(columns).find(([, column]) => column === keyColumn);
    if (!entry) throw new Error(`key column ${keyColumn.name} is not in its table`);
    return entry[0];
  });
  keyPropertiesOf.set(policy, names);
  return names;
}

/**
 * The order in which state events apply: by event time, and for events of the
 * same instant by source and id, so the outcome never depends on arrival order.
 * The SQL in `unnestInsert` applies the same order.
 */
export function compareEventOrder(a: Row, b: Row): number {
  const byTime = (a.eventTime as Date).getTime() - (b.eventTime as Date).getTime();
  if (byTime !== 0) return byTime;
  return compareKeys(compositeKey(a.eventSource, a.eventId), compositeKey(b.eventSource, b.eventId));
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
    const key = compositeKey(...keyProps.map((prop) => row[prop]));
    const held = byKey.get(key);
    const newer = held === undefined || (policy.mode === 'latest-wins' && compareEventOrder(row, held) >= 0);
    if (newer) byKey.set(key, row);
  }
  return [...byKey.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, row]) => row);
}

/** Multi-row upsert of one table's rows by its write policy, in one statement. */
export async function upsertRows(tx: HubDatabase, policy: WritePolicy, rows: Row[]): Promise<void> {
  const collapsed = collapseByKey(policy, rows);
  if (collapsed.length === 0) return;
  await tx.execute(unnestInsert(policy.table, collapsed, { conflictColumns: policy.key, onConflict: policy.mode === 'first-wins' ? 'nothing' : 'newer' }));
}
