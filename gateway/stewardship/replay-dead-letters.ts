import { inArray, sql } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { deadLettersTable } from '../../schema/tables/ingest.ts';
import { REPLAY_OF_HEADER } from '../../schema/vocabulary/hub-headers.ts';
import { appendAuditEntries } from '../audit/append-audit.ts';
import type { AuditEntryDraft } from '../audit/audit-entry.ts';
import type { RepublishedMessage } from '../context.ts';
import type { DeadLetterRecord } from '../data/dead-letters.ts';

// Dead-letter replay, shared by the `replayDeadLetters` mutation and the
// `replay-dead-letters` command: send the original message back to its
// topic, then mark the dead letter and audit it as a steward change.

/** At most this many dead letters per mutation call or per CLI chunk: one broker batch, one transaction. */
export const MAX_REPLAY_BATCH = 500;

/** Who replays, as the audit log records it. */
export interface Replayer {
  /** The token's `sub`, or `cli:<os user>`. */
  actor: string;
  agency: string;
  operation: string;
  requestId: string;
  /** The audit entry's field path: the mutation or the command. */
  fieldPath: string;
  /** The steward token's region, so stewards of that region find the entry (its agency may name a wider region); null for the CLI. */
  stewardRegion: string | null;
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
 * Re-publishes `rows` (at most MAX_REPLAY_BATCH), then marks each one
 * replayed and appends one STEWARD_CHANGE entry per dead letter, marks and
 * entries in one transaction. Rejects with ReplayPublishError when the
 * broker refuses (nothing marked), or with AuditWriteError when the marks
 * and entries cannot be written (the messages were sent).
 */
export async function replayDeadLetterRows(db: HubDatabase, rows: readonly DeadLetterRecord[], republish: (messages: RepublishedMessage[]) => Promise<void>, replayer: Replayer): Promise<void> {
  if (rows.length === 0) return;
  if (rows.length > MAX_REPLAY_BATCH) throw new RangeError(`at most ${MAX_REPLAY_BATCH} dead letters per replay batch`);
  // Publish first, then mark and audit. A crash between the two leaves sent
  // messages unmarked, so a later replay sends them again: at most twice, and
  // the ledger's unique (source, id) makes the second copy of an accepted
  // event change nothing. Marking first would instead record replays that
  // never reached the broker, and nothing would ever send them.
  try {
    await republish(rows.map(replayMessageOf));
  } catch (cause) {
    throw new ReplayPublishError('the broker did not take the replayed messages; nothing was marked', { cause });
  }
  await db.transaction(async (tx) => {
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
  });
}

function replayAuditDraft(row: Pick<DeadLetterRecord, 'id' | 'topic' | 'partition' | 'offset' | 'errorCode' | 'eventSource' | 'eventId' | 'replayCount'>, replayer: Replayer): AuditEntryDraft {
  const { id, ...replayed } = row;
  return {
    action: 'STEWARD_CHANGE',
    actor: replayer.actor,
    agency: replayer.agency,
    operation: replayer.operation,
    fieldPath: replayer.fieldPath,
    recordId: `dead_letters:${id}`,
    purposeBasis: null,
    purposeReference: null,
    requestId: replayer.requestId,
    subjectIdNumber: null,
    // Where the message went and what it was; never its content, which may hold personal data.
    detail: { replayed, ...(replayer.stewardRegion ? { stewardRegion: replayer.stewardRegion } : {}) },
  };
}
