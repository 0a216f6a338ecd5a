import { eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { cluesTable } from '../../schema/tables.ts';
import { regionCondition } from '../access/region-condition.ts';
import type { KeysetPosition } from './cursor.ts';
import { readNewestFirst, type Page } from './keyset.ts';
import { newestPerSubject } from './newest-per-subject.ts';
import { subjectCondition, type SubjectKeys } from './subject-condition.ts';

export type ClueRecord = typeof cluesTable.$inferSelect;

export interface ClueFilter {
  region?: string | null;
  category?: string | null;
  department?: string | null;
  status?: string | null;
  subjectUscc?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** A page of clues in `jurisdictions`, newest first. */
export function findClues(db: HubDatabase, jurisdictions: readonly string[], filter: ClueFilter, first: number, after: KeysetPosition | null): Promise<Page<ClueRecord>> {
  const conditions: Array<SQL | undefined> = [
    regionCondition(cluesTable.region, jurisdictions),
    filter.region ? regionCondition(cluesTable.region, [filter.region]) : undefined,
    filter.category ? eq(cluesTable.category, filter.category) : undefined,
    filter.department ? eq(cluesTable.department, filter.department) : undefined,
    filter.status ? eq(cluesTable.status, filter.status) : undefined,
    filter.subjectUscc ? eq(cluesTable.subjectUscc, filter.subjectUscc) : undefined,
    filter.from ? gte(cluesTable.eventTime, filter.from) : undefined,
    filter.to ? lt(cluesTable.eventTime, filter.to) : undefined,
  ];
  return readNewestFirst(db, { table: cluesTable, time: cluesTable.eventTime, id: cluesTable.id }, conditions, first, after);
}

/** Clues about any of these institutions or people, in `jurisdictions`: the newest 50 each, one query for a whole page of subjects. */
export function cluesAboutSubjects(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys): Promise<ClueRecord[]> {
  const where = [regionCondition(cluesTable.region, jurisdictions), subjectCondition(cluesTable.subjectUscc, cluesTable.subjectIdNumber, subjects)];
  return newestPerSubject(db, cluesTable, where, { subject: sql`${cluesTable.subjectUscc}, ${cluesTable.subjectIdNumber}`, newestFirst: sql`${cluesTable.eventTime} desc, ${cluesTable.id} desc` }, subjects);
}
