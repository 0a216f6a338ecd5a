import type { z } from 'zod';
import { classifyViolation } from '../../schema/vocabulary/classify-violation.ts';
import { type AcceptedEvent, provenanceOf, subjectColumns } from '../contract/connector.ts';
import { resultWrite } from '../contract/result.ts';
import type { TableWrite } from '../contract/table-write.ts';
import type * as contracts from './contracts.ts';

type Event<T extends z.ZodType> = AcceptedEvent<z.infer<T>>;

export function mapInstitutionSnapshot(event: Event<typeof contracts.institutionSnapshot>): TableWrite[] {
  const { region, ...rest } = event.data;
  return [{ table: 'institutions', row: { ...rest, institutionRegion: region, ...provenanceOf(event) } }];
}

export function mapInstitutionRevoked(event: Event<typeof contracts.institutionRevoked>): TableWrite[] {
  const { uscc, reason, revokedAt } = event.data;
  return [{ table: 'institutionRevocations', row: { uscc, reason, revokedAt: new Date(revokedAt), ...provenanceOf(event) } }];
}

export function mapInspectorRegistered(event: Event<typeof contracts.inspectorRegistered>): TableWrite[] {
  const { region, ...rest } = event.data;
  return [{ table: 'inspectors', row: { ...rest, inspectorRegion: region, ...provenanceOf(event) } }];
}

export { mapClueReported } from '../contract/clue.ts';

export function mapInspectionCompleted(event: Event<typeof contracts.inspectionCompleted>): TableWrite[] {
  return [{ table: 'inspections', row: { ...event.data, ...provenanceOf(event) } }];
}

export function mapPenaltyDecided(event: Event<typeof contracts.penaltyDecided>): TableWrite[] {
  const { fineYuan, ...fields } = event.data;
  return [resultWrite(event, { ...fields, resultKind: 'PENALTY', amountYuan: fineYuan })];
}

export function mapScoreRecorded(event: Event<typeof contracts.scoreRecorded>): TableWrite[] {
  const { subject, points, reason, cycle } = event.data;
  return [{ table: 'scoreRecords', row: { ...subjectColumns(subject), points, reason, cycle, ...provenanceOf(event) } }];
}

export function mapCaseTransferred(event: Event<typeof contracts.caseTransferred>): TableWrite[] {
  const { caseNo, subject, violationCode, toAgency, summary } = event.data;
  const { category } = classifyViolation(event.department, violationCode);
  return [{ table: 'caseTransfers', row: { caseNo, ...subjectColumns(subject), violationCode, category, toAgency, summary, ...provenanceOf(event) } }];
}
