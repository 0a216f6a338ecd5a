import { inArray, sql } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { deadLettersTable } from '../../schema/tables/ingest.ts';
import { REPLAY_OF_HEADER } from '../../schema/vocabulary/hub-headers.ts';
import { appendAuditEntries } from '../audit/append-audit.ts';
import { auditDraft, type AuditActor } from '../audit/audit-draft.ts';
import type { AuditEntryDraft } from '../audit/audit-entry.ts';
import type { RepublishedMessage } from '../context.ts';
import type { DeadLetterRecord } from '../data/dead-letters.ts';

// Dead-letter replay, shared by the `replayDeadLetters` mutation and the
// `replay-dead-letters` command: lock the dead letters, mark and audit them,
// send the original messages back to their topics, commit.

/** At most this many dead letters per mutation call or per CLI chunk: one broker batch, one transaction. */
export const MAX_REPLAY_BATCH = 500;

/** Who replays, as the audit log records it: a steward (with its region) or `cli:<os user>`. */
export interface Replayer extends AuditActor {
  /** The audit entry's field path: the mutation or the command. */
  fieldPath: string;
}

export type ReplayErrorCode = 'REPLAY_NOT_PUBLISHED';

/** The broker did not take the messages: nothing was marked or audited, and the replay may simply be tried again. */
export class ReplayPublishError extends Error {
  readonly code: ReplayErrorCode = 'REPLAY_NOT_PUBLISHED';
  override readonly name = 'ReplayPublishError';
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
  }
}

/**
 * The dead letter's original message as it arrived: key, value and headers
 * (a header stored as `base64:` text was binary and goes back as bytes),
 * plus `hub-replay-of: <id>`, so that if it fails again the connector links
 * the new dead letter to this one.
 */
export function replayMessageOf(row: DeadLetterRecord): RepublishedMessage {
  const headers: Record<string, Buffer | string> = {};
  for (const [name, text] of Object.entries(row.headers)) {
    if (name === REPLAY_OF_HEADER) continue;
    headers[name] = text.startsWith('base64:') ? Buffer.from(text.slice('base64:'.length), 'base64') : text;
  }
  headers[REPLAY_OF_HEADER] = String(row.id);
  return { topic: row.topic, key: row.messageKey, value: row.value, headers };
}

/**
 * Replays one batch in one transaction: `lock` selects and locks the dead
 * letters (FOR UPDATE SKIP LOCKED, at most MAX_REPLAY_BATCH), each is marked
 * replayed and gets its STEWARD_CHANGE entry, the messages are sent, and only
 * then does the transaction commit. Resolves with the rows replayed.
 *
 * - Two replays never both send a dead letter: the second finds it locked and
 *   leaves it out (the caller reports it as skipped).
 * - The broker refuses: ReplayPublishError, and the marks and entries roll
 *   back — nothing sent, nothing recorded. The audit log cannot be written:
 *   AuditWriteError before anything is sent.
 * - A crash (or a failed commit) after the broker took the messages leaves
 *   them sent but unmarked and unaudited, and a later replay sends them
 *   again. That is safe: the ingest ledger accepts an event once per
 *   (source, id), so the second copy of an accepted event changes nothing,
 *   and one that fails again is a new dead letter linked to this one.
 *
 * The audit chain's append lock is held from the entries until the commit,
 * so other audit appends wait while the broker takes the batch.
 */
export async function replayDeadLetterBatch(
  db: HubDatabase,
  lock: (tx: HubDatabase) => Promise<DeadLetterRecord[]>,
  republish: (messages: RepublishedMessage[]) => Promise<void>,
  replayer: Replayer,
): Promise<DeadLetterRecord[]> {
  return db.transaction(async (tx) => {
    const rows = await lock(tx);
    if (rows.length === 0) return rows;
    if (rows.length > MAX_REPLAY_BATCH) throw new RangeError(`at most ${MAX_REPLAY_BATCH} dead letters per replay batch`);
    // The rows are locked by this transaction, so no replayed_at guard is needed here: a dead letter
    // already replayed is sent again only when asked for by id (the mutation), never by a bulk run,
    // whose lock takes waiting rows only.
    const marked = await tx
      .update(deadLettersTable)
      .set({ replayedAt: sql`now()`, replayedBy: replayer.actor, replayCount: sql`${deadLettersTable.replayCount} + 1` })
      .where(inArray(deadLettersTable.id, rows.map((row) => row.id)))
      .returning({
        id: deadLettersTable.id,
        topic: deadLettersTable.topic,
        partition: deadLettersTable.partition,
        offset: deadLettersTable.offset,
        errorCode: deadLettersTable.errorCode,
        eventSource: deadLettersTable.eventSource,
        eventId: deadLettersTable.eventId,
        replayCount: deadLettersTable.replayCount,
      });
    marked.sort((a, b) => a.id - b.id);
    await appendAuditEntries(tx, marked.map((row) => replayAuditDraft(row, replayer)));
    try {
      await republish(rows.map(replayMessageOf));
    } catch (cause) {
      throw new ReplayPublishError('the broker did not take the replayed messages; nothing was marked or recorded', { cause });
    }
    return rows;
  });
}

function replayAuditDraft(row: Pick<DeadLetterRecord, 'id' | 'topic' | 'partition' | 'offset' | 'errorCode' | 'eventSource' | 'eventId' | 'replayCount'>, replayer: Replayer): AuditEntryDraft {
  const { id, ...replayed } = row;
  // Where the message went and what it was; never its content, which may hold personal data.
  return auditDraft(replayer, { action: 'STEWARD_CHANGE', fieldPath: replayer.fieldPath, recordId: `dead_letters:${id}`, detail: { replayed } });
}
