import { bigint, boolean, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { provenance, subjectLink, violation } from './provenance.ts';

/** Violation clues (违法线索) from any department, incl. complaints (投诉举报). */
export const cluesTable = pgTable(
  'clues',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    department: varchar('department', { length: 16 }).notNull(),
    clueId: text('clue_id').notNull(),
    ...subjectLink(),
    ...violation(),
    summary: text('summary').notNull(),
    channel: varchar('channel', { length: 32 }).notNull(),
    targetDepartments: jsonb('target_departments').$type<string[]>().notNull(),
    status: varchar('status', { length: 16 }).notNull().default('NEW'),
    ...provenance(),
  },
  (t) => [
    // Clue ids are unique per reporting agency (department and region), not nationally.
    uniqueIndex('clues_agency_clue_id_key').on(t.department, t.region, t.clueId),
    index('clues_region_time_idx').on(t.region, t.eventTime),
    // Newest-first pages over a city or province (a range of regions) read this index in order.
    index('clues_time_id_idx').on(t.eventTime, t.id),
    // A subject's newest clues: an index scan that stops after 50, however many the subject has.
    index('clues_subject_uscc_time_idx').on(t.subjectUscc, t.eventTime, t.id),
    index('clues_subject_id_number_time_idx').on(t.subjectIdNumber, t.eventTime, t.id),
  ],
);
export type ClueRow = typeof cluesTable.$inferInsert;

/** Results of inspections and spot checks (监督检查结果). */
export const inspectionsTable = pgTable(
  'inspections',
  {
    inspectionId: text('inspection_id').notNull(),
    uscc: varchar('uscc', { length: 18 }).notNull(),
    inspectorIds: jsonb('inspector_ids').$type<string[]>().notNull(),
    outcome: varchar('outcome', { length: 16 }).notNull(),
    findings: jsonb('findings').$type<unknown[]>().notNull(),
    ...provenance(),
  },
  (t) => [primaryKey({ columns: [t.region, t.inspectionId] }), index('inspections_uscc_idx').on(t.uscc)],
);
export type InspectionRow = typeof inspectionsTable.$inferInsert;

/**
 * Results (处理结果): administrative penalty decisions of health, market and
 * tax, and confirmed insurance-fund fraud. `amountYuan` is the fine for a
 * penalty and the defrauded amount for fraud (see `resultKind`).
 */
export const penaltiesTable = pgTable(
  'penalties',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    department: varchar('department', { length: 16 }).notNull(),
    decisionNo: text('decision_no').notNull(),
    resultKind: varchar('result_kind', { length: 24 }).notNull().$type<'PENALTY' | 'FRAUD_CONFIRMED'>(),
    ...subjectLink(),
    ...violation(),
    penaltyKinds: jsonb('penalty_kinds').$type<string[]>().notNull(),
    amountYuan: numeric('amount_yuan', { precision: 16, scale: 2 }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    publish: boolean('publish').notNull(),
    basis: text('basis'),
    ...provenance(),
  },
  (t) => [
    // A decision number (文书号) is unique per deciding agency: department and region.
    uniqueIndex('penalties_agency_decision_no_key').on(t.department, t.region, t.decisionNo),
    index('penalties_region_decided_idx').on(t.region, t.decidedAt),
    index('penalties_decided_id_idx').on(t.decidedAt, t.id),
    index('penalties_subject_uscc_decided_idx').on(t.subjectUscc, t.decidedAt, t.id),
    index('penalties_subject_id_number_decided_idx').on(t.subjectIdNumber, t.decidedAt, t.id),
  ],
);
export type PenaltyRow = typeof penaltiesTable.$inferInsert;

/** Bad-practice score points (不良执业行为记分), one row per recording event. */
export const scoreRecordsTable = pgTable(
  'score_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ...subjectLink(),
    points: integer('points').notNull(),
    reason: text('reason').notNull(),
    cycle: varchar('cycle', { length: 16 }).notNull(),
    ...provenance(),
  },
  (t) => [
    uniqueIndex('score_records_event_key').on(t.eventSource, t.eventId),
    index('score_records_subject_uscc_time_idx').on(t.subjectUscc, t.eventTime, t.id),
    index('score_records_subject_id_number_time_idx').on(t.subjectIdNumber, t.eventTime, t.id),
  ],
);
export type ScoreRecordRow = typeof scoreRecordsTable.$inferInsert;

/**
 * Cases handed to police as suspected crimes (行刑衔接). The case number is
 * the reference both departments quote, so it is the key on its own.
 */
export const caseTransfersTable = pgTable('case_transfers', {
  caseNo: text('case_no').primaryKey(),
  ...subjectLink(),
  ...violation(),
  toAgency: text('to_agency').notNull(),
  summary: text('summary').notNull(),
  ...provenance(),
});
export type CaseTransferRow = typeof caseTransfersTable.$inferInsert;

/** Police acceptance of a transferred case; matched to `case_transfers` by case number. */
export const caseAcceptancesTable = pgTable('case_acceptances', {
  caseNo: text('case_no').primaryKey(),
  policeCaseNo: text('police_case_no').notNull(),
  acceptedAt: timestamp('accepted_at', { withTimezone: true }).notNull(),
  ...provenance(),
});
export type CaseAcceptanceRow = typeof caseAcceptancesTable.$inferInsert;
