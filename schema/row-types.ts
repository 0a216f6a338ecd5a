/** Insert row types of the shared model, for code that builds rows without touching drizzle. */
export type { InstitutionRow, InstitutionRevocationRow, BusinessLicenseRow, InspectorRow } from './tables/directory.ts';
export type { ClueRow, InspectionRow, PenaltyRow, ScoreRecordRow, CaseTransferRow, CaseAcceptanceRow } from './tables/supervision.ts';
export type { InsuranceAgreementRow, InsuranceAlertRow, TaxRatingRow } from './tables/insurance-tax.ts';
export type { OffenderRecordRow } from './tables/identity.ts';
export type { IngestedEventRow, DeadLetterRow, UnmappedCodeRow } from './tables/ingest.ts';
export type { AuditLogRow, AuditLogRecord, AuditAction } from './tables/audit.ts';
export type { SubjectKind } from './tables/provenance.ts';
