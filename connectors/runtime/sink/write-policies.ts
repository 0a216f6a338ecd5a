import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import * as tables from '../../../schema/tables.ts';
import type { WritableTable } from '../../contract/table-write.ts';

/**
 * How a table takes a row whose key it already holds:
 * - `first-wins`: facts (a clue, a decision, an alert) are recorded once; a
 *   second event with the same business key does not rewrite history.
 * - `latest-wins`: state (a directory entry, a status, a rating) follows the
 *   event with the newest `time`, whatever order events arrive in.
 */
export interface WritePolicy {
  table: PgTable & { eventTime: PgColumn };
  key: PgColumn[];
  mode: 'first-wins' | 'latest-wins';
}

const t = tables;

// Facts are keyed per reporting agency: two regions may issue the same number.

export const writePolicies: Record<WritableTable, WritePolicy> = {
  institutions: { table: t.institutionsTable, key: [t.institutionsTable.uscc], mode: 'latest-wins' },
  institutionRevocations: { table: t.institutionRevocationsTable, key: [t.institutionRevocationsTable.uscc], mode: 'latest-wins' },
  businessLicenses: { table: t.businessLicensesTable, key: [t.businessLicensesTable.uscc], mode: 'latest-wins' },
  inspectors: { table: t.inspectorsTable, key: [t.inspectorsTable.inspectorId], mode: 'latest-wins' },
  insuranceAgreements: { table: t.insuranceAgreementsTable, key: [t.insuranceAgreementsTable.uscc, t.insuranceAgreementsTable.agreementNo], mode: 'latest-wins' },
  taxRatings: { table: t.taxRatingsTable, key: [t.taxRatingsTable.uscc, t.taxRatingsTable.year], mode: 'latest-wins' },
  clues: { table: t.cluesTable, key: [t.cluesTable.department, t.cluesTable.region, t.cluesTable.clueId], mode: 'first-wins' },
  inspections: { table: t.inspectionsTable, key: [t.inspectionsTable.region, t.inspectionsTable.inspectionId], mode: 'first-wins' },
  penalties: { table: t.penaltiesTable, key: [t.penaltiesTable.department, t.penaltiesTable.region, t.penaltiesTable.decisionNo], mode: 'first-wins' },
  scoreRecords: { table: t.scoreRecordsTable, key: [t.scoreRecordsTable.eventSource, t.scoreRecordsTable.eventId], mode: 'first-wins' },
  caseTransfers: { table: t.caseTransfersTable, key: [t.caseTransfersTable.caseNo], mode: 'first-wins' },
  caseAcceptances: { table: t.caseAcceptancesTable, key: [t.caseAcceptancesTable.caseNo], mode: 'first-wins' },
  insuranceAlerts: { table: t.insuranceAlertsTable, key: [t.insuranceAlertsTable.region, t.insuranceAlertsTable.alertId], mode: 'first-wins' },
  offenderRecords: { table: t.offenderRecordsTable, key: [t.offenderRecordsTable.region, t.offenderRecordsTable.recordNo], mode: 'first-wins' },
};
