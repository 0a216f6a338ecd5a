import { createHash } from 'node:crypto';
import { getTableName, sql } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import * as tables from '../../schema/tables.ts';

/** A digest of every row of every table (ordered), to prove that nothing changed. */
export async function snapshotTables(db: HubDatabase): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of Object.values(tables)) {
    const name = getTableName(table);
    const result = await db.execute(sql.raw(`SELECT coalesce(json_agg(t ORDER BY t::text), '[]'::json)::text AS rows FROM "${name}" t`));
    const rows = (result as unknown as { rows: { rows: string }[] }).rows[0]?.rows ?? '';
    digests[name] = `${createHash('sha256').update(rows).digest('hex').slice(0, 16)}`;
  }
  return digests;
}
