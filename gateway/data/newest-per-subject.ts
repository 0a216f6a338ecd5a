import { and, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../../schema/db/database.ts';

/** Max facts of one kind listed per subject; the connections (`clues`, `results`) page through the rest. */
export const FACTS_PER_SUBJECT = 50;

/**
 * The rows of `table` matching `where`, at most FACTS_PER_SUBJECT per
 * subject (`subject` is the partition, `newestFirst` the order within it):
 * one statement for a whole page of subjects, cut in the database, so a busy
 * institution's thousands of clues never travel to the gateway. Rows come
 * back grouped by nothing in particular but newest first within a subject.
 */
export async function newestPerSubject<Row>(db: HubDatabase, table: PgTable, where: Array<SQL | undefined>, subject: SQL, newestFirst: SQL): Promise<Row[]> {
  const ranked = db
    .select({ ...getTableColumns(table), subjectRank: sql<number>`row_number() over (partition by ${subject} order by ${newestFirst})`.as('subject_rank') })
    .from(table)
    .where(and(...where))
    .as('ranked');
  return (await db.select().from(ranked).where(sql`${ranked.subjectRank} <= ${FACTS_PER_SUBJECT}`).orderBy(ranked.subjectRank)) as Row[];
}
