import type { Purpose } from '../access/purpose.ts';
import type { AuditAction, AuditEntryDraft } from './audit-entry.ts';

/**
 * The key in an entry's `detail` naming the region of the steward who acted
 * (a token's region may narrow its agency's): auditLog finds a steward's
 * entries by it (gateway/data/audit-log.ts), so stewards of that region see them.
 */
export const STEWARD_REGION_KEY = 'stewardRegion';

/** Who acts, as every audit entry names them. */
export interface AuditActor {
  /** The token's `sub`, or `cli:<os user>`. */
  actor: string;
  agency: string;
  /** The GraphQL operation name, `anonymous`, or the command. */
  operation: string;
  requestId: string;
  /** Set when a steward acts: kept in `detail` under STEWARD_REGION_KEY. */
  stewardRegion?: string | null;
}

/** What was read or changed. */
export interface AuditedAct {
  action: AuditAction;
  /** e.g. `PersonIdentity.idNumber person.identity.idNumber`, or the mutation. */
  fieldPath: string;
  /** e.g. `offender_records:510181/GA-2026-001`, `dead_letters:42`. */
  recordId: string;
  /** Whose data it concerns, for the data subject's access report. */
  subjectIdNumber?: string | null;
  purpose?: Purpose | null;
  /** What changed or what was read beyond the record id; never personal data. */
  detail?: Record<string, unknown>;
}

/** The audit entry for `act` by `by`, as the appender takes it: the one place a draft is put together. */
export function auditDraft(by: AuditActor, act: AuditedAct): AuditEntryDraft {
  const detail = by.stewardRegion ? { ...act.detail, [STEWARD_REGION_KEY]: by.stewardRegion } : act.detail;
  return {
    action: act.action,
    actor: by.actor,
    agency: by.agency,
    operation: by.operation,
    fieldPath: act.fieldPath,
    recordId: act.recordId,
    purposeBasis: act.purpose?.basis ?? null,
    purposeReference: act.purpose?.reference ?? null,
    requestId: by.requestId,
    subjectIdNumber: act.subjectIdNumber ?? null,
    ...(detail === undefined ? {} : { detail }),
  };
}
