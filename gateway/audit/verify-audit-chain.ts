import { asc, getTableColumns, gt, sql } from 'drizzle-orm';
import type { HubDatabase } from '../../schema/db/database.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';
import { type BrokenLink, type ChainLink, findFirstBrokenLink, GENESIS_HASH } from './hash-chain.ts';

export interface AuditChainReport {
  /** No broken link found. Deleting the newest entries leaves no gap: compare `head` with the copy published to `hub.audit`. */
  ok: boolean;
  /** Entries found intact, from entry 1 on. */
  checked: number;
  /** The last intact entry (the chain head when `ok`); null when there is none. */
  head: ChainLink | null;
  firstBroken: BrokenLink | null;
}

export interface VerifyAuditChainOptions {
  /** Entries read per query. */
  batchSize?: number;
  /** Called after each batch with the number of entries found intact so far. */
  onProgress?: (checked: number) => void;
}

/**
 * `recorded_at` to the microsecond: read as a JavaScript Date it would lose
 * what a change below the millisecond altered.
 */
const recordedAtMicros = sql<string>`to_char(${auditLogTable.recordedAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * Recomputes the hash chain from entry 1 and reports the first broken link.
 * Reads in keyset batches by seq, so memory stays flat and appends carry on
 * meanwhile (the entries they add are verified if reached).
 */
export async function verifyAuditChain(db: HubDatabase, { batchSize = 5000, onProgress }: VerifyAuditChainOptions = {}): Promise<AuditChainReport> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  let previous: ChainLink = { seq: 0, hash: GENESIS_HASH };
  let checked = 0;
  for (;;) {
    const rows = await db
      .select({ ...getTableColumns(auditLogTable), recordedAt: recordedAtMicros })
      .from(auditLogTable)
      .where(gt(auditLogTable.seq, previous.seq))
      .orderBy(asc(auditLogTable.seq))
      .limit(batchSize);
    const entries = rows.map((row) => ({ ...row, recordedAt: hashedTimestamp(row.recordedAt) }));
    const firstBroken = findFirstBrokenLink(entries, previous);
    if (firstBroken) {
      const intact = entries.filter((entry) => entry.seq < firstBroken.seq);
      checked += intact.length;
      const last = intact.at(-1) ?? previous;
      return { ok: false, checked, head: last.seq === 0 ? null : { seq: last.seq, hash: last.hash }, firstBroken };
    }
    checked += entries.length;
    const last = entries.at(-1);
    if (last) previous = { seq: last.seq, hash: last.hash };
    onProgress?.(checked);
    if (entries.length < batchSize) return { ok: true, checked, head: previous.seq === 0 ? null : previous, firstBroken: null };
  }
}

/**
 * The ISO form the hash was computed over (`Date#toISOString`, milliseconds).
 * Microseconds other than zero were never written by the appender, so they
 * stay in the string and the hash no longer matches.
 */
function hashedTimestamp(micros: string): string {
  return micros.replace(/(\.\d{3})000Z$/, '$1Z');
}
