import { inArray, sql } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { insuranceAgreementsTable, insuranceAlertsTable, institutionsTable, offenderRecordsTable, scoreRecordsTable, taxRatingsTable } from '../../schema/tables.ts';
import { regionCondition } from '../access/region-condition.ts';
import { newestPerSubject } from './newest-per-subject.ts';
import { subjectCondition, type SubjectKeys } from './subject-condition.ts';

// One query per kind of fact for a whole batch of subjects, at most 50 per subject; every one filtered to the caller's regions in SQL.

export type InstitutionRecord = typeof institutionsTable.$inferSelect;
export type ScoreRecord = typeof scoreRecordsTable.$inferSelect;
export type InsuranceAgreementRecord = typeof insuranceAgreementsTable.$inferSelect;
export type InsuranceAlertRecord = typeof insuranceAlertsTable.$inferSelect;
export type TaxRatingRecord = typeof taxRatingsTable.$inferSelect;
export type OffenderRecord = typeof offenderRecordsTable.$inferSelect;

/** Directory entries (public: name, code, region); in request order, `null` where unknown. */
export async function institutionsByUscc(db: HubDatabase, usccs: readonly string[]): Promise<Array<InstitutionRecord | null>> {
  const rows = await db.select().from(institutionsTable).where(inArray(institutionsTable.uscc, [...usccs]));
  const byUscc = new Map(rows.map((row) => [row.uscc, row]));
  return usccs.map((uscc) => byUscc.get(uscc) ?? null);
}

export function scoreRecordsAbout(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys): Promise<ScoreRecord[]> {
  const t = scoreRecordsTable;
  return newestPerSubject(db, t, [regionCondition(t.region, jurisdictions), subjectCondition(t.subjectUscc, t.subjectIdNumber, subjects)], { subject: sql`${t.subjectUscc}, ${t.subjectIdNumber}`, newestFirst: sql`${t.eventTime} desc, ${t.id} desc` }, subjects);
}

export function insuranceAgreementsOf(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys): Promise<InsuranceAgreementRecord[]> {
  const t = insuranceAgreementsTable;
  return newestPerSubject(db, t, [regionCondition(t.region, jurisdictions), subjectCondition(t.uscc, null, subjects)], { subject: sql`${t.uscc}`, newestFirst: sql`${t.eventTime} desc, ${t.agreementNo}` }, subjects);
}

export function insuranceAlertsAbout(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys): Promise<InsuranceAlertRecord[]> {
  const t = insuranceAlertsTable;
  return newestPerSubject(db, t, [regionCondition(t.region, jurisdictions), subjectCondition(t.uscc, null, subjects)], { subject: sql`${t.uscc}`, newestFirst: sql`${t.eventTime} desc, ${t.alertId} desc` }, subjects);
}

export function taxRatingsOf(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys): Promise<TaxRatingRecord[]> {
  const t = taxRatingsTable;
  return newestPerSubject(db, t, [regionCondition(t.region, jurisdictions), subjectCondition(t.uscc, null, subjects)], { subject: sql`${t.uscc}`, newestFirst: sql`${t.year} desc` }, subjects);
}

/** Identity records police share (医托, 号贩子, 医闹) about these people. */
export function offenderRecordsOf(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys): Promise<OffenderRecord[]> {
  const t = offenderRecordsTable;
  return newestPerSubject(db, t, [regionCondition(t.region, jurisdictions), subjectCondition(null, t.idNumber, subjects)], { subject: sql`${t.idNumber}`, newestFirst: sql`${t.decidedAt} desc, ${t.recordNo} desc` }, subjects);
}
