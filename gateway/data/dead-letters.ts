import { and, asc, count, eq, gt, inArray, isNull, lte, max, sql, type SQL } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { deadLettersTable } from '../../schema/tables/ingest.ts';
import { regionCondition } from '../access/region-condition.ts';
import type { KeysetPosition } from './cursor.ts';
import { readNewestFirst, type Page } from './keyset.ts';

export type DeadLetterRecord = typeof deadLettersTable.$inferSelect;

/**
 * Where a dead letter belongs: the region in its event's `source`
 * (`/<department>/<6-digit region>/<system>`). A message whose source could
 * not be read (not JSON, no envelope, a malformed source) has none, and only
 * a national steward sees it.
 */
const sourceRegion = sql`substring(${deadLettersTable.eventSource} from '^/[a-z]+/([0-9]{6})/')`;

/** The SQL condition "this dead letter lies in the steward's jurisdiction". */
export function deadLetterJurisdictionCondition(jurisdiction: string): SQL {
  return regionCondition(sourceRegion, [jurisdiction]);
}

export interface DeadLetterFilter {
  /** The topic it was consumed from, e.g. `health.events`. */
  topic?: string | null;
  errorCode?: string | null;
  /** Also dead letters already re-published; by default only those still waiting. */
  includeReplayed?: boolean | null;
}

/** A page of dead letters in `jurisdiction`, newest first. */
export function findDeadLetters(db: HubDatabase, jurisdiction: string, filter: DeadLetterFilter, first: number, after: KeysetPosition | null): Promise<Page<DeadLetterRecord>> {
  const conditions: Array<SQL | undefined> = [
    deadLetterJurisdictionCondition(jurisdiction),
    filter.topic ? eq(deadLettersTable.topic, filter.topic) : undefined,
    filter.errorCode ? eq(deadLettersTable.errorCode, filter.errorCode) : undefined,
    filter.includeReplayed ? undefined : isNull(deadLettersTable.replayedAt),
  ];
  return readNewestFirst(db, { table: deadLettersTable, time: deadLettersTable.deadLetteredAt, id: deadLettersTable.id }, conditions, first, after);
}

/**
 * Locks the dead letters among `ids` that lie in `jurisdiction` for a replay,
 * oldest first (FOR UPDATE SKIP LOCKED, in the caller's transaction). A row
 * another replay holds is left out, not waited for: that replay sends it.
 */
export function lockDeadLettersByIds(tx: HubDatabase, jurisdiction: string, ids: readonly number[]): Promise<DeadLetterRecord[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return tx
    .select()
    .from(deadLettersTable)
    .where(and(inArray(deadLettersTable.id, [...ids]), deadLetterJurisdictionCondition(jurisdiction)))
    .orderBy(asc(deadLettersTable.id))
    .for('update', { skipLocked: true });
}

/** Which of `ids` are dead letters in `jurisdiction`, locked or not; the others do not exist for this steward. */
export async function deadLetterIdsIn(db: HubDatabase, jurisdiction: string, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: deadLettersTable.id })
    .from(deadLettersTable)
    .where(and(inArray(deadLettersTable.id, [...ids]), deadLetterJurisdictionCondition(jurisdiction)));
  return rows.map((row) => row.id);
}

/** What a bulk replay takes: the dead letters of one topic (and error code) not replayed yet. */
export interface ReplaySelection {
  topic: string;
  errorCode: string | null;
}

function waitingCondition(selection: ReplaySelection, upToId: number): SQL {
  return and(
    eq(deadLettersTable.topic, selection.topic),
    selection.errorCode ? eq(deadLettersTable.errorCode, selection.errorCode) : undefined,
    isNull(deadLettersTable.replayedAt),
    lte(deadLettersTable.id, upToId),
  )!;
}

/** The newest dead letter's id: a bulk replay stops there, so the replays that fail again are not taken up in the same run. */
export async function newestDeadLetterId(db: HubDatabase): Promise<number> {
  const [row] = await db.select({ id: max(deadLettersTable.id) }).from(deadLettersTable);
  return row?.id ?? 0;
}

/** How many dead letters a bulk replay would take, up to `upToId`. */
export async function countWaitingDeadLetters(db: HubDatabase, selection: ReplaySelection, upToId: number): Promise<number> {
  const [row] = await db.select({ total: count() }).from(deadLettersTable).where(waitingCondition(selection, upToId));
  return row?.total ?? 0;
}

/**
 * Locks the next `limit` dead letters of a bulk replay, oldest first, after
 * `afterId` (FOR UPDATE SKIP LOCKED, in the caller's transaction): those a
 * steward is replaying at this moment are passed over, and the lock re-checks
 * that a row is still waiting, so a row replayed meanwhile is not taken.
 */
export function lockNextWaitingDeadLetters(tx: HubDatabase, selection: ReplaySelection, afterId: number, upToId: number, limit: number): Promise<DeadLetterRecord[]> {
  return tx
    .select()
    .from(deadLettersTable)
    .where(and(waitingCondition(selection, upToId), gt(deadLettersTable.id, afterId)))
    .orderBy(asc(deadLettersTable.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}
