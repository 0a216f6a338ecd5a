import { index, integer, pgTable, primaryKey, real, text, varchar, date } from 'drizzle-orm/pg-core';
import { provenance } from './provenance.ts';

/** Designated-provider agreements (医保定点协议), latest status wins. */
export const insuranceAgreementsTable = pgTable(
  'insurance_agreements',
  {
    uscc: varchar('uscc', { length: 18 }).notNull(),
    agreementNo: text('agreement_no').notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    reason: text('reason'),
    ...provenance(),
  },
  (t) => [primaryKey({ columns: [t.uscc, t.agreementNo] })],
);
export type InsuranceAgreementRow = typeof insuranceAgreementsTable.$inferInsert;

/** Suspicious-billing alerts from smart review (智能审核预警). */
export const insuranceAlertsTable = pgTable(
  'insurance_alerts',
  {
    alertId: text('alert_id').notNull(),
    uscc: varchar('uscc', { length: 18 }).notNull(),
    rule: text('rule').notNull(),
    score: real('score').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    ...provenance(),
  },
  (t) => [primaryKey({ columns: [t.region, t.alertId] }), index('insurance_alerts_uscc_idx').on(t.uscc)],
);
export type InsuranceAlertRow = typeof insuranceAlertsTable.$inferInsert;

/** Taxpayer credit ratings (纳税信用等级 A/B/M/C/D) per year, latest wins. */
export const taxRatingsTable = pgTable(
  'tax_ratings',
  {
    uscc: varchar('uscc', { length: 18 }).notNull(),
    year: integer('year').notNull(),
    rating: varchar('rating', { length: 1 }).notNull(),
    ...provenance(),
  },
  (t) => [primaryKey({ columns: [t.uscc, t.year] })],
);
export type TaxRatingRow = typeof taxRatingsTable.$inferInsert;
