import type { HubDatabase } from '../../schema/db/database.ts';
import type { AuditSink } from '../context.ts';
import type { AuditEntryDraft } from './audit-entry.ts';
import { appendAuditEntries } from './append-audit.ts';

interface Pending {
  drafts: readonly AuditEntryDraft[];
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * The process's one way into the audit log. Appends are serialised anyway
 * (one chain, one lock), so while one transaction is in flight the drafts of
 * every request queue up and go together in the next: group commit. Each
 * caller's promise settles when its own drafts are committed or refused, so
 * no read returns before its record is written; a refused group is retried
 * request by request, so one bad entry fails only its own request.
 */
export function createAuditAppender(db: HubDatabase, write: (drafts: AuditEntryDraft[]) => Promise<void> = (drafts) => appendAuditEntries(db, drafts)): AuditSink {
  let queue: Pending[] = [];
  let writing = false;

  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        await write(batch.flatMap((pending) => pending.drafts));
        for (const pending of batch) pending.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        // One request's refused entry must not withhold the others' reads: retry each on its own.
        else for (const pending of batch) await write([...pending.drafts]).then(pending.resolve, pending.reject);
      }
    }
    writing = false;
  }

  return {
    append(drafts) {
      if (drafts.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        queue.push({ drafts, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}
