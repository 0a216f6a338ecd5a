import { and, count, eq, getTableName, isNull, sql } from 'drizzle-orm';
import type { HubDatabase } from '../db/database.ts';
import { mappingsInForce } from '../stewardship/steward-mappings.ts';
import * as tables from '../tables.ts';

export interface IngestStats {
  rowsPerTable: { table: string; rows: number }[];
  /** Accepted events per source topic (from the ledger). */
  ingestedPerTopic: { topic: string; events: number }[];
  deadLettersPerCode: { topic: string; errorCode: string; messages: number }[];
  unmappedCodes: { department: string; code: string; occurrences: number }[];
}

/** What ingest has stored so far: the `hub stats` report. */
export async function readIngestStats(db: HubDatabase): Promise<IngestStats> {
  const rowsPerTable = await Promise.all(
    Object.values(tables).map(async (table) => {
      const [row] = await db.select({ rows: count() }).from(table);
      return { table: getTableName(table), rows: row?.rows ?? 0 };
    }),
  );
  const ingestedPerTopic = await db
    .select({ topic: tables.ingestedEventsTable.topic, events: count() })
    .from(tables.ingestedEventsTable)
    .groupBy(tables.ingestedEventsTable.topic)
    .orderBy(tables.ingestedEventsTable.topic);
  const deadLettersPerCode = await db
    .select({ topic: tables.deadLettersTable.topic, errorCode: tables.deadLettersTable.errorCode, messages: count() })
    .from(tables.deadLettersTable)
    .groupBy(tables.deadLettersTable.topic, tables.deadLettersTable.errorCode)
    .orderBy(tables.deadLettersTable.topic, sql`count(*) desc`);
  const inForce = mappingsInForce();
  const unmappedCodes = await db
    .select({ department: tables.unmappedCodesTable.department, code: tables.unmappedCodesTable.code, occurrences: tables.unmappedCodesTable.occurrences })
    .from(tables.unmappedCodesTable)
    // A code a steward has since mapped is no longer unmapped.
    .leftJoin(inForce, and(eq(inForce.department, tables.unmappedCodesTable.department), eq(inForce.code, tables.unmappedCodesTable.code)))
    .where(isNull(inForce.version))
    .orderBy(tables.unmappedCodesTable.department, tables.unmappedCodesTable.code);
  return { rowsPerTable: rowsPerTable.sort((a, b) => a.table.localeCompare(b.table)), ingestedPerTopic, deadLettersPerCode, unmappedCodes };
}
