import { sql } from 'drizzle-orm';
import type { HubDatabase } from '../../../schema/db/database.ts';
import { REPLAY_OF_HEADER, replayOfHeaderValue } from '../../../schema/vocabulary/hub-headers.ts';
import { deadLettersTable, ingestedEventsTable, unmappedCodesTable } from '../../../schema/tables.ts';
import type { WritableTable } from '../../contract/table-write.ts';
import type { DecodedMessage } from '../decode-message.ts';
import { headersAsText } from '../message-headers.ts';
import { applyStewardMappings, type OtherRow, type UnmappedCount } from './apply-steward-mappings.ts';
import { compareKeys, compositeKey } from './composite-key.ts';
import { unnestInsert } from './unnest-insert.ts';
import { upsertRows } from './upsert-rows.ts';
import { writePolicies } from './write-policies.ts';

type Accepted = Extract<DecodedMessage, { accepted: true }>;
type Rejected = Extract<DecodedMessage, { accepted: false }>;

export interface StoreResult {
  /** Events new to the ledger, whose rows were written. */
  ingested: number;
  /** Events the ledger already held (redelivered or republished): nothing written. */
  duplicates: number;
  deadLettered: number;
}

/** The messages of a stored batch that were new to the ledger. */
export type FreshMessages = ReadonlySet<DecodedMessage>;

/** Counts for `part` of a stored batch. */
export function resultFor(part: readonly DecodedMessage[], fresh: FreshMessages): StoreResult {
  let ingested = 0;
  let accepted = 0;
  for (const message of part) {
    if (!message.accepted) continue;
    accepted++;
    if (fresh.has(message)) ingested++;
  }
  return { ingested, duplicates: accepted - ingested, deadLettered: part.length - accepted };
}

/**
 * Writes decoded messages (of any departments) in a single transaction: the
 * ledger first (its unique key decides which events are new), then every
 * table's rows as one multi-row upsert each, the dead letters, and the
 * unmapped-code counts. Either all of it commits or none of it does.
 */
export async function storeBatch(db: HubDatabase, decoded: readonly DecodedMessage[]): Promise<StoreResult & { fresh: FreshMessages }> {
  const accepted = decoded.filter((d): d is Accepted => d.accepted);
  const rejected = decoded.filter((d): d is Rejected => !d.accepted);
  return db.transaction(async (tx) => {
    const fresh = await recordInLedger(tx, accepted);
    const rowsByTable = new Map<WritableTable, Record<string, unknown>[]>();
    const otherRows: OtherRow[] = [];
    for (const event of fresh) {
      for (const write of event.writes) {
        const rows = rowsByTable.get(write.table) ?? [];
        rows.push(write.row);
        rowsByTable.set(write.table, rows);
        if ('category' in write.row && write.row.category === 'OTHER') {
          otherRows.push({ rows, index: rows.length - 1, department: departmentOf(event), code: write.row.violationCode });
        }
      }
    }
    // OTHER rows whose code a steward has mapped take that category; the codes still unmapped are counted.
    const unmapped = await applyStewardMappings(tx, otherRows);
    for (const [table, rows] of rowsByTable) await upsertRows(tx, writePolicies[table], rows);
    await recordDeadLetters(tx, rejected);
    await countUnmappedCodes(tx, unmapped);
    return { ingested: fresh.length, duplicates: accepted.length - fresh.length, deadLettered: rejected.length, fresh: new Set(fresh) };
  });
}

async function recordInLedger(tx: HubDatabase, accepted: Accepted[]): Promise<Accepted[]> {
  if (accepted.length === 0) return [];
  const rows = accepted
    .map((event) => ({
      source: event.source,
      eventId: event.eventId,
      type: event.type,
      topic: event.message.topic,
      partition: event.message.partition,
      offset: Number(event.message.offset),
    }))
    .sort((a, b) => compareKeys(compositeKey(a.source, a.eventId), compositeKey(b.source, b.eventId)));
  const result = await tx.execute(
    unnestInsert(ingestedEventsTable, rows, {
      conflictColumns: [ingestedEventsTable.source, ingestedEventsTable.eventId],
      onConflict: 'nothing',
      returning: [ingestedEventsTable.source, ingestedEventsTable.eventId],
    }),
  );
  const inserted = (result as unknown as { rows: { source: string; event_id: string }[] }).rows;
  const fresh = new Set(inserted.map((row) => compositeKey(row.source, row.event_id)));
  // A key repeated inside the batch is new only at its first occurrence.
  return accepted.filter((event) => fresh.delete(compositeKey(event.source, event.eventId)));
}

async function recordDeadLetters(tx: HubDatabase, rejected: Rejected[]): Promise<void> {
  if (rejected.length === 0) return;
  const rows = rejected.map((entry) => {
    const headers = headersAsText(entry.message.headers);
    return {
      topic: entry.message.topic,
      partition: entry.message.partition,
      offset: Number(entry.message.offset),
      messageKey: entry.message.key,
      value: entry.message.value,
      headers,
      errorCode: entry.code,
      reason: entry.reason,
      eventSource: entry.source,
      eventId: entry.eventId,
      // A steward's replay that failed again: a new dead letter linked to the one it replayed (nothing replays it by itself).
      replayOf: replayOfHeaderValue(headers[REPLAY_OF_HEADER]),
    };
  });
  // Redelivery after a crash may bring the same position again: record it once.
  // One array per column, so a burst of thousands of rejects stays one statement.
  await tx.execute(
    unnestInsert(deadLettersTable, rows, { conflictColumns: [deadLettersTable.topic, deadLettersTable.partition, deadLettersTable.offset], onConflict: 'nothing' }),
  );
}

/** An accepted event's type starts with its department (checked against the topic on the way in). */
const departmentOf = (event: Accepted) => event.type.slice(0, event.type.indexOf('.'));

async function countUnmappedCodes(tx: HubDatabase, unmapped: Map<string, UnmappedCount>): Promise<void> {
  if (unmapped.size === 0) return;
  const rows = [...unmapped].sort(([a], [b]) => compareKeys(a, b)).map(([, counted]) => counted);
  await tx
    .insert(unmappedCodesTable)
    .values(rows)
    .onConflictDoUpdate({
      target: [unmappedCodesTable.department, unmappedCodesTable.code],
      set: { occurrences: sql`${unmappedCodesTable.occurrences} + excluded.occurrences`, lastSeenAt: sql`now()` },
    });
}
