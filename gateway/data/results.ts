import { eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { penaltiesTable } from '../../schema/tables.ts';
import { regionCondition } from '../access/region-condition.ts';
import type { KeysetPosition } from './cursor.ts';
import { readNewestFirst, type Page } from './keyset.ts';
import { newestPerSubject } from './newest-per-subject.ts';
import { subjectCondition, type SubjectKeys } from './subject-condition.ts';

/** A result (处理结果): a penalty decision or confirmed insurance fraud. */
export type ResultRecord = typeof penaltiesTable.$inferSelect;

export interface ResultFilter {
  region?: string | null;
  category?: string | null;
  department?: string | null;
  kind?: string | null;
  subjectUscc?: string | null;
  from?: Date | null;
  to?: Date | null;
}

const newestDecidedFirst = { table: penaltiesTable, time: penaltiesTable.decidedAt, id: penaltiesTable.id };

/** A page of results in `jurisdictions`, newest decision first. */
export function findResults(db: HubDatabase, jurisdictions: readonly string[], filter: ResultFilter, first: number, after: KeysetPosition | null): Promise<Page<ResultRecord>> {
  const conditions: Array<SQL | undefined> = [
    regionCondition(penaltiesTable.region, jurisdictions),
    filter.region ? regionCondition(penaltiesTable.region, [filter.region]) : undefined,
    filter.category ? eq(penaltiesTable.category, filter.category) : undefined,
    filter.department ? eq(penaltiesTable.department, filter.department) : undefined,
    filter.kind ? eq(penaltiesTable.resultKind, filter.kind as ResultRecord['resultKind']) : undefined,
    filter.subjectUscc ? eq(penaltiesTable.subjectUscc, filter.subjectUscc) : undefined,
    filter.from ? gte(penaltiesTable.decidedAt, filter.from) : undefined,
    filter.to ? lt(penaltiesTable.decidedAt, filter.to) : undefined,
  ];
  return readNewestFirst(db, newestDecidedFirst, conditions, first, after);
}

/** Published penalties (信息公开), any region or one: no token needed, so no jurisdiction applies. */
export function findPublishedPenalties(db: HubDatabase, region: string | null, first: number, after: KeysetPosition | null): Promise<Page<ResultRecord>> {
  const conditions = [eq(penaltiesTable.publish, true), eq(penaltiesTable.resultKind, 'PENALTY'), region ? regionCondition(penaltiesTable.region, [region]) : undefined];
  return readNewestFirst(db, newestDecidedFirst, conditions, first, after);
}

/** Results about any of these subjects, in `jurisdictions`: the newest 50 each. */
export function resultsAboutSubjects(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys): Promise<ResultRecord[]> {
  const where = [regionCondition(penaltiesTable.region, jurisdictions), subjectCondition(penaltiesTable.subjectUscc, penaltiesTable.subjectIdNumber, subjects)];
  return newestPerSubject(db, penaltiesTable, where, { subject: sql`${penaltiesTable.subjectUscc}, ${penaltiesTable.subjectIdNumber}`, newestFirst: sql`${penaltiesTable.decidedAt} desc, ${penaltiesTable.id} desc` }, subjects);
}
