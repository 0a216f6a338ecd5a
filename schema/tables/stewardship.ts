import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * Steward grants (DESIGN.md, Access): an agency may read more regions for a
 * scope its token already carries, until `expiresAt`, on a stated basis.
 * Rows are never deleted: revoking sets `revokedAt`, so the table is its own
 * history next to the audit log.
 */
export const accessGrantsTable = pgTable(
  'access_grants',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    /** e.g. `police:310104`. */
    agency: text('agency').notNull(),
    scope: varchar('scope', { length: 32 }).notNull(),
    /** Region codes added for the scope (a province or city code covers everything under it). */
    regions: jsonb('regions').$type<string[]>().notNull(),
    /** e.g. a cross-region cooperation agreement and its number. */
    basis: text('basis').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    grantedBy: text('granted_by').notNull(),
    grantedByAgency: text('granted_by_agency').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('access_grants_agency_idx').on(t.agency)],
);
export type AccessGrantRow = typeof accessGrantsTable.$inferSelect;

/** Suspensions: an agency with an unrestored suspension gets FORBIDDEN on everything, whatever its token says. */
export const agencySuspensionsTable = pgTable(
  'agency_suspensions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    agency: text('agency').notNull(),
    reason: text('reason').notNull(),
    suspendedBy: text('suspended_by').notNull(),
    suspendedAt: timestamp('suspended_at', { withTimezone: true }).notNull().defaultNow(),
    restoredAt: timestamp('restored_at', { withTimezone: true }),
    restoredBy: text('restored_by'),
  },
  // At most one suspension in force per agency.
  (t) => [uniqueIndex('agency_suspensions_in_force_key').on(t.agency).where(sql`${t.restoredAt} is null`)],
);
export type AgencySuspensionRow = typeof agencySuspensionsTable.$inferSelect;

/**
 * One row whose `version` a trigger bumps on every change to grants or
 * suspensions; each gateway replica polls it and reloads its policy when it
 * moves (migration 0003).
 */
export const accessPolicyVersionTable = pgTable(
  'access_policy_version',
  {
    id: integer('id').primaryKey(),
    version: bigint('version', { mode: 'number' }).notNull(),
  },
  (t) => [check('access_policy_version_single_row', sql`${t.id} = 1`)],
);

/**
 * Steward mappings of department codes onto shared categories (监管标准互通),
 * versioned: the highest version of a (department, code) is in force. They
 * extend the built-in code map (schema/vocabulary/department-codes.ts).
 */
export const codeMappingsTable = pgTable(
  'code_mappings',
  {
    department: varchar('department', { length: 16 }).notNull(),
    code: text('code').notNull(),
    version: integer('version').notNull(),
    category: varchar('category', { length: 32 }).notNull(),
    /** The department's own wording of the code, as the steward recorded it. */
    label: text('label').notNull(),
    mappedBy: text('mapped_by').notNull(),
    mappedByAgency: text('mapped_by_agency').notNull(),
    mappedAt: timestamp('mapped_at', { withTimezone: true }).notNull().defaultNow(),
    /** How many stored records the mapping re-classified when it was made. */
    reclassified: integer('reclassified').notNull(),
    detail: jsonb('detail'),
  },
  (t) => [primaryKey({ columns: [t.department, t.code, t.version] })],
);
export type CodeMappingRow = typeof codeMappingsTable.$inferSelect;
