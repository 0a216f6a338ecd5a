/** Every table of the shared model; drizzle-kit and the database clients read this file. */
export { institutionsTable, institutionRevocationsTable, businessLicensesTable, inspectorsTable } from './tables/directory.ts';
export { cluesTable, inspectionsTable, penaltiesTable, scoreRecordsTable, caseTransfersTable, caseAcceptancesTable } from './tables/supervision.ts';
export { insuranceAgreementsTable, insuranceAlertsTable, taxRatingsTable } from './tables/insurance-tax.ts';
export { offenderRecordsTable } from './tables/identity.ts';
export { ingestedEventsTable, deadLettersTable, unmappedCodesTable } from './tables/ingest.ts';
export { auditLogTable } from './tables/audit.ts';
export { accessGrantsTable, agencySuspensionsTable, accessPolicyVersionTable, codeMappingsTable } from './tables/stewardship.ts';
