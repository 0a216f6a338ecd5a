import { and, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../../schema/db/database.ts';
import type { SubjectKeys } from './subject-condition.ts';

/** Max facts of one kind listed per subject; the connections (`clues`, `results`) page through the rest. */
export const FACTS_PER_SUBJECT = 50;

/**
 * The rows of `table` matching `where`, at most FACTS_PER_SUBJECT per
 * subject (`subject` is the partition, `newestFirst` the order within it),
 * cut in the database, so a busy institution's thousands of clues never
 * travel to the gateway. One subject (a `subject(...)` lookup) is a plain
 * ORDER BY … LIMIT, which an index serves; a page of subjects is one
 * statement with a row number per subject. Newest first within a subject.
 */
export async function newestPerSubject<Row>(db: HubDatabase, table: PgTable, where: Array<SQL | undefined>, order: { subject: SQL; newestFirst: SQL }, subjects: SubjectKeys): Promise<Row[]> {
  if (subjects.usccs.length + subjects.idNumbers.length <= 1) {
    return (await db.select().from(table).where(and(...where)).orderBy(order.newestFirst).limit(FACTS_PER_SUBJECT)) as Row[];
  }
  const ranked = db
    .select({ ...getTableColumns(table), subjectRank: sql<number>`row_number() over (partition by ${order.subject} order by ${order.newestFirst})`.as('subject_rank') })
    .from(table)
    .where(and(...where))
    .as('ranked');
  return (await db.select().from(ranked).where(sql`${ranked.subjectRank} <= ${FACTS_PER_SUBJECT}`).orderBy(ranked.subjectRank)) as Row[];
}

