import { and, desc, inArray } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { insuranceAgreementsTable, insuranceAlertsTable, institutionsTable, offenderRecordsTable, scoreRecordsTable, taxRatingsTable } from '../../schema/tables.ts';
import { regionCondition } from '../access/region-condition.ts';
import { ALL_ROWS, subjectCondition, type SubjectKeys } from './subject-condition.ts';

// One query per kind of fact for a whole batch of subjects; every one filtered to the caller's regions in SQL.

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

export function scoreRecordsAbout(db: HubDatabase, jurisdictions: readonly string[], subjects: SubjectKeys, limit?: number): Promise<ScoreRecord[]> {
  return db
    .select()
    .from(scoreRecordsTable)
    .where(and(regionCondition(scoreRecordsTable.region, jurisdictions), subjectCondition(scoreRecordsTable.subjectUscc, scoreRecordsTable.subjectIdNumber, subjects)))
    .orderBy(desc(scoreRecordsTable.eventTime), desc(scoreRecordsTable.id))
    .limit(limit ?? ALL_ROWS);
}

export function insuranceAgreementsOf(db: HubDatabase, jurisdictions: readonly string[], usccs: string[], limit?: number): Promise<InsuranceAgreementRecord[]> {
  return db
    .select()
    .from(insuranceAgreementsTable)
    .where(and(regionCondition(insuranceAgreementsTable.region, jurisdictions), subjectCondition(insuranceAgreementsTable.uscc, null, { usccs, idNumbers: [] })))
    .orderBy(desc(insuranceAgreementsTable.eventTime))
    .limit(limit ?? ALL_ROWS);
}

export function insuranceAlertsAbout(db: HubDatabase, jurisdictions: readonly string[], usccs: string[], limit?: number): Promise<InsuranceAlertRecord[]> {
  return db
    .select()
    .from(insuranceAlertsTable)
    .where(and(regionCondition(insuranceAlertsTable.region, jurisdictions), subjectCondition(insuranceAlertsTable.uscc, null, { usccs, idNumbers: [] })))
    .orderBy(desc(insuranceAlertsTable.eventTime), desc(insuranceAlertsTable.alertId))
    .limit(limit ?? ALL_ROWS);
}

export function taxRatingsOf(db: HubDatabase, jurisdictions: readonly string[], usccs: string[], limit?: number): Promise<TaxRatingRecord[]> {
  return db
    .select()
    .from(taxRatingsTable)
    .where(and(regionCondition(taxRatingsTable.region, jurisdictions), subjectCondition(taxRatingsTable.uscc, null, { usccs, idNumbers: [] })))
    .orderBy(desc(taxRatingsTable.year))
    .limit(limit ?? ALL_ROWS);
}

/** Identity records police share (医托, 号贩子, 医闹) about these people. */
export function offenderRecordsOf(db: HubDatabase, jurisdictions: readonly string[], idNumbers: string[], limit?: number): Promise<OffenderRecord[]> {
  return db
    .select()
    .from(offenderRecordsTable)
    .where(and(regionCondition(offenderRecordsTable.region, jurisdictions), subjectCondition(null, offenderRecordsTable.idNumber, { usccs: [], idNumbers })))
    .orderBy(desc(offenderRecordsTable.decidedAt), desc(offenderRecordsTable.recordNo))
    .limit(limit ?? ALL_ROWS);
}
