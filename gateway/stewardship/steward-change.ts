import type { HubDatabase } from '../../schema/db/database.ts';
import { AuditWriteError, appendAuditEntries } from '../audit/append-audit.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../errors.ts';

/** What a steward change writes to the audit log next to the change itself. */
export interface StewardChangeRecord {
  /** The mutation, e.g. `grantAccess`. */
  fieldPath: string;
  /** The changed record, e.g. `access_grants:17`. */
  recordId: string;
  /** What changed, in full (no personal data: grants, agencies, codes); `stewardRegion` is added. */
  detail: Record<string, unknown>;
}

/**
 * Runs a steward change and its audit entry in one transaction: either both
 * commit or neither does, so no steward change goes unrecorded (DESIGN.md, Access).
 */
export async function stewardChange<T>(context: GatewayContext, work: (tx: HubDatabase) => Promise<{ value: T; audit: StewardChangeRecord }>): Promise<T> {
  const caller = context.access.caller;
  try {
    return await context.db.transaction(async (tx) => {
      const { value, audit } = await work(tx);
      await appendAuditEntries(tx, [
        {
          action: 'STEWARD_CHANGE',
          actor: caller?.subject ?? 'anonymous',
          agency: caller?.agency ?? 'anonymous',
          operation: context.operation,
          fieldPath: audit.fieldPath,
          recordId: audit.recordId,
          purposeBasis: null,
          purposeReference: null,
          requestId: context.requestId,
          subjectIdNumber: null,
          // The steward's own region (a token's region may narrow its agency's), so stewards of it see the change in auditLog.
          detail: { ...(audit.detail as object), stewardRegion: caller?.region ?? null },
        },
      ]);
      return value;
    });
  } catch (error) {
    if (error instanceof AuditWriteError) throw gatewayError('SERVICE_UNAVAILABLE', 'the audit log cannot be written, so the change was not made; try again shortly', {}, error);
    throw error;
  }
}
