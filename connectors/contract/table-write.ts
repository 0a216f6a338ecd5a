import type {
  BusinessLicenseRow,
  CaseAcceptanceRow,
  CaseTransferRow,
  ClueRow,
  InspectionRow,
  InspectorRow,
  InstitutionRevocationRow,
  InstitutionRow,
  InsuranceAgreementRow,
  InsuranceAlertRow,
  OffenderRecordRow,
  PenaltyRow,
  ScoreRecordRow,
  TaxRatingRow,
} from '../../schema/row-types.ts';

/** One row an accepted event writes into the shared model. The sink batches them per table. */
export type TableWrite =
  | { table: 'institutions'; row: InstitutionRow }
  | { table: 'institutionRevocations'; row: InstitutionRevocationRow }
  | { table: 'businessLicenses'; row: BusinessLicenseRow }
  | { table: 'inspectors'; row: InspectorRow }
  | { table: 'clues'; row: ClueRow }
  | { table: 'inspections'; row: InspectionRow }
  | { table: 'penalties'; row: PenaltyRow }
  | { table: 'scoreRecords'; row: ScoreRecordRow }
  | { table: 'caseTransfers'; row: CaseTransferRow }
  | { table: 'caseAcceptances'; row: CaseAcceptanceRow }
  | { table: 'insuranceAgreements'; row: InsuranceAgreementRow }
  | { table: 'insuranceAlerts'; row: InsuranceAlertRow }
  | { table: 'taxRatings'; row: TaxRatingRow }
  | { table: 'offenderRecords'; row: OffenderRecordRow };

export type WritableTable = TableWrite['table'];
