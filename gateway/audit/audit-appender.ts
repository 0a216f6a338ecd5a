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
 * no read returns before its record is written.
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
        for (const pending of batch) pending.reject(error);
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
