import type { AuditAction } from '../../schema/tables/audit.ts';

export type { AuditAction };

/**
 * One audit record as the gateway hands it over (DESIGN.md, Access: who,
 * agency, operation, field path, record id, purpose, request id); the
 * appender adds the sequence number, time and hashes.
 */
export interface AuditEntryDraft {
  action: AuditAction;
  /** The token's `sub`. */
  actor: string;
  agency: string;
  /** The GraphQL operation name, or `anonymous`. */
  operation: string;
  /** e.g. `person.records.0.idNumber`. */
  fieldPath: string;
  /** e.g. `offender_records:510181/GA-2026-001`. */
  recordId: string;
  purposeBasis: string | null;
  purposeReference: string | null;
  requestId: string;
  /** Whose data was read, for the data subject's access report. */
  subjectIdNumber: string | null;
  /** What a steward change changed; anything JSON can hold. */
  detail?: unknown;
}
