import { index, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { provenance, violation } from './provenance.ts';

/**
 * Identity records police share with health: people penalised as hospital
 * touts (医托), scalpers (号贩子) or disturbers (医闹). ID number, name and
 * photo reference are personal data: the gateway masks them by scope.
 */
export const offenderRecordsTable = pgTable(
  'offender_records',
  {
    recordNo: text('record_no').notNull(),
    idNumber: varchar('id_number', { length: 18 }).notNull(),
    name: text('name').notNull(),
    ...violation(),
    penalty: text('penalty').notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    photoRef: text('photo_ref'),
    hospitalUscc: varchar('hospital_uscc', { length: 18 }),
    ...provenance(),
  },
  (t) => [primaryKey({ columns: [t.region, t.recordNo] }), index('offender_records_id_number_idx').on(t.idNumber)],
);
export type OffenderRecordRow = typeof offenderRecordsTable.$inferInsert;
