import { bigint, char, index, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * The audit log (DESIGN.md, Access): one row per read of unmasked personal
 * data, photo access, steward change or read of a dead letter's original
 * event (which may hold personal data). Append-only (a trigger refuses
 * UPDATE, DELETE and TRUNCATE) and hash-chained: `prevHash` is the `hash`
 * of entry `seq - 1`, the genesis hash for entry 1. `seq` is no identity column: the
 * appender assigns it while holding the append lock, so seq order is chain
 * order and a gap means a deleted row.
 */
export const auditLogTable = pgTable(
  'audit_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    /** Whole milliseconds, so the hash recomputed from the row equals the one computed at write. */
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    action: varchar('action', { length: 32 }).notNull().$type<AuditAction>(),
    /** The token's `sub`. */
    actor: text('actor').notNull(),
    agency: text('agency').notNull(),
    /** The GraphQL operation name, or `anonymous`. */
    operation: text('operation').notNull(),
    /** e.g. `person.records.0.idNumber`. */
    fieldPath: text('field_path').notNull(),
    /** e.g. `offender_records:510181/GA-2026-001`. */
    recordId: text('record_id').notNull(),
    purposeBasis: varchar('purpose_basis', { length: 32 }),
    purposeReference: text('purpose_reference'),
    requestId: text('request_id').notNull(),
    /** Whose data was read: the key of the data subject's access report. */
    subjectIdNumber: varchar('subject_id_number', { length: 18 }),
    /** What a steward change changed; null for reads. */
    detail: jsonb('detail'),
    prevHash: char('prev_hash', { length: 64 }).notNull(),
    hash: char('hash', { length: 64 }).notNull().unique(),
  },
  (t) => [index('audit_log_subject_id_number_idx').on(t.subjectIdNumber)],
);
export type AuditLogRow = typeof auditLogTable.$inferInsert;
export type AuditLogRecord = typeof auditLogTable.$inferSelect;

export type AuditAction = 'UNMASKED_READ' | 'PHOTO_ACCESS' | 'STEWARD_CHANGE' | 'DEAD_LETTER_READ';
