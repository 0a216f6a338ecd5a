import type { HubDatabase } from '../../schema/db/database.ts';
import { AuditWriteError, appendAuditEntries } from '../audit/append-audit.ts';
import { auditDraft, type AuditActor } from '../audit/audit-draft.ts';
import type { GatewayContext } from '../context.ts';
import { gatewayError } from '../errors.ts';

/** What a steward change writes to the audit log next to the change itself. */
export interface StewardChangeRecord {
  /** The mutation, e.g. `grantAccess`. */
  fieldPath: string;
  /** The changed record, e.g. `access_grants:17`. */
  recordId: string;
  /** What changed, in full (no personal data: grants, agencies, codes); the steward's region is added. */
  detail: Record<string, unknown>;
}

/**
 * The calling steward as its audit entries name it, with the region of its
 * token (its agency may name a wider one), so stewards of that region find
 * its actions in auditLog.
 */
export function stewardActor(context: GatewayContext): AuditActor {
  return { ...context.auditActor(), stewardRegion: context.access.caller?.region ?? null };
}

/**
 * Runs a steward change and its audit entry in one transaction: either both
 * commit or neither does, so no steward change goes unrecorded (DESIGN.md, Access).
 */
export async function stewardChange<T>(context: GatewayContext, work: (tx: HubDatabase) => Promise<{ value: T; audit: StewardChangeRecord }>): Promise<T> {
  try {
    return await context.db.transaction(async (tx) => {
      const { value, audit } = await work(tx);
      await appendAuditEntries(tx, [auditDraft(stewardActor(context), { action: 'STEWARD_CHANGE', ...audit })]);
      return value;
    });
  } catch (error) {
    if (error instanceof AuditWriteError) throw gatewayError('SERVICE_UNAVAILABLE', 'the audit log cannot be written, so the change was not made; try again shortly', {}, error);
    throw error;
  }
}
