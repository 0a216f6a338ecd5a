import { createHash } from 'node:crypto';
import type { AuditEntryDraft } from './audit-entry.ts';

/** The `prevHash` of entry 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit entry with everything its hash covers except the previous hash. */
export interface HashableAuditEntry extends Omit<AuditEntryDraft, 'detail'> {
  seq: number;
  /** ISO 8601 in UTC with milliseconds (`Date#toISOString`). */
  recordedAt: string;
  /** JSON-compatible, or null. */
  detail: unknown;
}

export interface ChainedAuditEntry extends HashableAuditEntry {
  prevHash: string;
  hash: string;
}

export interface ChainLink {
  seq: number;
  hash: string;
}

/**
 * - `HASH_MISMATCH`: the entry's contents no longer give its hash (altered after it was written);
 * - `PREVIOUS_HASH_MISMATCH`: it does not carry the hash of the entry before it (that one was altered and re-hashed, or replaced);
 * - `SEQUENCE_GAP`: entries before it are missing (deleted).
 */
export type BrokenLinkReason = 'HASH_MISMATCH' | 'PREVIOUS_HASH_MISMATCH' | 'SEQUENCE_GAP';

export interface BrokenLink {
  seq: number;
  reason: BrokenLinkReason;
}

/**
 * SHA-256 (hex) of the previous hash and every field of the entry, as one
 * JSON array in a fixed order: no two different entries serialise alike.
 * `detail` is serialised with its keys sorted, because jsonb does not keep
 * the order they were written in.
 */
export function hashAuditEntry(prevHash: string, entry: HashableAuditEntry): string {
  const fields = [
    prevHash,
    entry.seq,
    entry.recordedAt,
    entry.action,
    entry.actor,
    entry.agency,
    entry.operation,
    entry.fieldPath,
    entry.recordId,
    entry.purposeBasis,
    entry.purposeReference,
    entry.requestId,
    entry.subjectIdNumber,
  ];
  const serialised = `[${fields.map((field) => JSON.stringify(field)).join(',')},${canonicalJson(entry.detail ?? null)}]`;
  return createHash('sha256').update(serialised, 'utf8').digest('hex');
}

/**
 * The first entry of `rows` (ascending by seq) that does not link onto
 * `previous` and the entries before it, or null when all of them do.
 * `previous` is the last entry already verified: `{ seq: 0, hash: GENESIS_HASH }` at the start.
 */
export function findFirstBrokenLink(rows: readonly ChainedAuditEntry[], previous: ChainLink): BrokenLink | null {
  let last = previous;
  for (const row of rows) {
    if (row.seq !== last.seq + 1) return { seq: row.seq, reason: 'SEQUENCE_GAP' };
    if (row.prevHash !== last.hash) return { seq: row.seq, reason: 'PREVIOUS_HASH_MISMATCH' };
    if (hashAuditEntry(row.prevHash, row) !== row.hash) return { seq: row.seq, reason: 'HASH_MISMATCH' };
    last = row;
  }
  return null;
}

/**
 * JSON of `value` as JSON.stringify sees it, with object keys sorted at every
 * depth, so a value and its jsonb round trip serialise alike.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'null' : sortedJson(JSON.parse(text));
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
