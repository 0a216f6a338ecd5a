import { desc, sql } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { describeError } from '../../schema/db/describe-error.ts';
import { auditLogTable, type AuditLogRow } from '../../schema/tables/audit.ts';
import type { AuditEntryDraft } from './audit-entry.ts';
import { GENESIS_HASH, hashAuditEntry } from './hash-chain.ts';

export type AuditErrorCode = 'AUDIT_WRITE_FAILED';

/** The audit record could not be written: the gateway must not return the data it was for. */
export class AuditWriteError extends Error {
  readonly code: AuditErrorCode = 'AUDIT_WRITE_FAILED';
  override readonly name = 'AuditWriteError';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

/**
 * Any constant shared by every hub process, other than the migration lock's;
 * the value spells "hubaud" and fits a JavaScript number exactly.
 */
const AUDIT_APPEND_LOCK = 0x687562617564;

/**
 * Appends `drafts`, in order, to the hash chain in one transaction. A
 * transaction-scoped advisory lock serialises appends across pools, processes
 * and replicas, so each append reads the true head and the chain never forks.
 * Rejects with `AuditWriteError` when anything fails; nothing is written then.
 */
export async function appendAuditEntries(db: HubDatabase, drafts: readonly AuditEntryDraft[], now = new Date()): Promise<void> {
  if (drafts.length === 0) return;
  try {
    const recordedAt = now.toISOString();
    await db.transaction(
      async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
        const [head] = await tx.select({ seq: auditLogTable.seq, hash: auditLogTable.hash }).from(auditLogTable).orderBy(desc(auditLogTable.seq)).limit(1);
        let previous = head ?? { seq: 0, hash: GENESIS_HASH };
        const rows: AuditLogRow[] = drafts.map((draft) => {
          const entry = {
            seq: previous.seq + 1,
            recordedAt,
            action: draft.action,
            actor: draft.actor,
            agency: draft.agency,
            operation: draft.operation,
            fieldPath: draft.fieldPath,
            recordId: draft.recordId,
            purposeBasis: draft.purposeBasis,
            purposeReference: draft.purposeReference,
            requestId: draft.requestId,
            subjectIdNumber: draft.subjectIdNumber,
            detail: asStoredJson(draft.detail),
          };
          const hash = hashAuditEntry(previous.hash, entry);
          const row = { ...entry, recordedAt: new Date(recordedAt), prevHash: previous.hash, hash };
          previous = { seq: entry.seq, hash };
          return row;
        });
        await tx.insert(auditLogTable).values(rows);
      },
      // Each statement must see what the append before it committed; a
      // snapshot taken before the lock was granted would see a stale head.
      { isolationLevel: 'read committed' },
    );
  } catch (cause) {
    throw new AuditWriteError(`audit entries not written: ${describeError(cause)}`, { cause });
  }
}

/** `detail` as it reads back from jsonb, so the hash written is the hash recomputed (null when absent). */
function asStoredJson(detail: unknown): unknown {
  const text = JSON.stringify(detail);
  return text === undefined ? null : JSON.parse(text);
}
