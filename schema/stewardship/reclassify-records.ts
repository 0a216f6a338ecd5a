import { getTableName, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../db/database.ts';
import { caseTransfersTable, cluesTable, offenderRecordsTable, penaltiesTable } from '../tables.ts';
import type { SharedCategory } from '../vocabulary/categories.ts';

/**
 * Every table with `violation()` columns (a department's code and its shared
 * category), with how a row names its department: its `department` column,
 * or else the department in its event `source` (`/<department>/<region>/…`,
 * checked against the topic on the way in).
 */
export const violationTables: readonly { table: PgTable; department: SQL }[] = [
  { table: cluesTable, department: sql`${sql.identifier('department')}` },
  { table: penaltiesTable, department: sql`${sql.identifier('department')}` },
  { table: caseTransfersTable, department: sql`split_part(${sql.identifier('event_source')}, '/', 2)` },
  { table: offenderRecordsTable, department: sql`split_part(${sql.identifier('event_source')}, '/', 2)` },
];

/** How many stored rows a re-classification changed, per table (SQL name) and in all. */
export interface Reclassification {
  total: number;
  byTable: Record<string, number>;
}

/**
 * Gives every stored row of (department, code) the category `category`,
 * whatever it had (OTHER, or an earlier steward mapping's). Rows already in
 * that category are left alone, so the count is of rows that changed. Run it
 * under the code's exclusive lock (steward-mappings.ts).
 */
export async function reclassifyRecords(tx: HubDatabase, target: { department: string; code: string; category: SharedCategory }): Promise<Reclassification> {
  const byTable: Record<string, number> = {};
  let total = 0;
  // No index leads with violation_code: each table is scanned once. Mappings are rare steward acts.
  for (const { table, department } of violationTables) {
    const result = await tx.execute(sql`
      with changed as (
        update ${table} set category = ${target.category}
        where violation_code = ${target.code} and ${department} = ${target.department} and category <> ${target.category}
        returning 1
      )
      select count(*)::int as changed from changed`);
    const changed = (result as unknown as { rows: { changed: number }[] }).rows[0]?.changed ?? 0;
    byTable[getTableName(table)] = changed;
    total += changed;
  }
  return { total, byTable };
}
