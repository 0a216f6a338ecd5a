import type { HubDatabase } from '../../schema/db/database.ts';
import { describeError } from '../../schema/db/describe-error.ts';
import type { AuditSink } from '../context.ts';
import type { AuditAction, AuditEntryDraft } from './audit-entry.ts';
import { appendAuditEntries } from './append-audit.ts';

/** Where the appender reports what it wrote (the hub passes Prometheus counters). */
export interface AuditMetrics {
  /** Entries of one action written to the chain, or withheld because the write failed. */
  auditWritten(action: AuditAction, outcome: 'written' | 'failed', entries: number): void;
  /** How long one append transaction took, whether it committed or failed. */
  auditAppendTook(seconds: number): void;
}

/** The appender's log: one line per append, naming request ids and actions, never whose data was read. */
export interface AuditLog {
  debug(object: object, message?: string): void;
  warn(object: object, message?: string): void;
}

export interface AuditAppenderOptions {
  /** Writes one group of drafts; by default to the audit log of `db`. Tests replace it. */
  write?: (drafts: AuditEntryDraft[]) => Promise<void>;
  metrics?: AuditMetrics;
  log?: AuditLog;
}

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
export function createAuditAppender(db: HubDatabase, options: AuditAppenderOptions = {}): AuditSink {
  const writeGroup = options.write ?? ((drafts: AuditEntryDraft[]) => appendAuditEntries(db, drafts));
  const { metrics, log } = options;
  let queue: Pending[] = [];
  let writing = false;

  /** One append transaction, measured, counted and logged. */
  async function write(drafts: AuditEntryDraft[]): Promise<void> {
    const started = performance.now();
    let outcome: 'written' | 'failed' = 'failed';
    try {
      await writeGroup(drafts);
      outcome = 'written';
    } catch (error) {
      log?.warn({ entries: drafts.length, requestIds: requestIdsOf(drafts), err: describeError(error) }, 'audit append failed; the reads it records are withheld');
      throw error;
    } finally {
      const seconds = (performance.now() - started) / 1000;
      metrics?.auditAppendTook(seconds);
      for (const [action, entries] of countByAction(drafts)) metrics?.auditWritten(action, outcome, entries);
      if (outcome === 'written') log?.debug({ entries: drafts.length, actions: Object.fromEntries(countByAction(drafts)), requestIds: requestIdsOf(drafts), ms: Math.round(seconds * 1000) }, 'audit entries appended');
    }
  }

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

function countByAction(drafts: readonly AuditEntryDraft[]): Map<AuditAction, number> {
  const counts = new Map<AuditAction, number>();
  for (const draft of drafts) counts.set(draft.action, (counts.get(draft.action) ?? 0) + 1);
  return counts;
}

/** Request ids only: record ids and subjects name people (`person:<ID number>`) and stay in the audit log. */
function requestIdsOf(drafts: readonly AuditEntryDraft[]): string[] {
  return [...new Set(drafts.map((draft) => draft.requestId))];
}
