import { index, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { provenance } from './provenance.ts';

/** Directory of medical institutions (机构名录), latest registration or change wins. */
export const institutionsTable = pgTable(
  'institutions',
  {
    uscc: varchar('uscc', { length: 18 }).primaryKey(),
    name: text('name').notNull(),
    kind: varchar('kind', { length: 32 }).notNull(),
    ownership: varchar('ownership', { length: 16 }).notNull(),
    licenseNo: text('license_no').notNull(),
    institutionRegion: varchar('institution_region', { length: 6 }).notNull(),
    address: text('address').notNull(),
    ...provenance(),
  },
  (t) => [index('institutions_region_idx').on(t.institutionRegion)],
);
export type InstitutionRow = typeof institutionsTable.$inferInsert;

/** Revocation of an institution's practice licence (注销/吊销). */
export const institutionRevocationsTable = pgTable('institution_revocations', {
  uscc: varchar('uscc', { length: 18 }).primaryKey(),
  reason: text('reason').notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }).notNull(),
  ...provenance(),
});
export type InstitutionRevocationRow = typeof institutionRevocationsTable.$inferInsert;

/** Business licence status from market supervision (营业执照状态), latest wins. */
export const businessLicensesTable = pgTable('business_licenses', {
  uscc: varchar('uscc', { length: 18 }).primaryKey(),
  status: varchar('status', { length: 32 }).notNull(),
  reason: text('reason'),
  ...provenance(),
});
export type BusinessLicenseRow = typeof businessLicensesTable.$inferInsert;

/** Directory of inspectors (执法人员名录库), with the institutions each must avoid. */
export const inspectorsTable = pgTable(
  'inspectors',
  {
    inspectorId: text('inspector_id').primaryKey(),
    name: text('name').notNull(),
    agency: text('agency').notNull(),
    inspectorRegion: varchar('inspector_region', { length: 6 }).notNull(),
    certificateNo: text('certificate_no').notNull(),
    avoidInstitutions: jsonb('avoid_institutions').$type<string[]>().notNull(),
    ...provenance(),
  },
  (t) => [index('inspectors_region_idx').on(t.inspectorRegion)],
);
export type InspectorRow = typeof inspectorsTable.$inferInsert;
