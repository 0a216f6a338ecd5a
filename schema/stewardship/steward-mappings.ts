import { createHash } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import { QueryBuilder } from 'drizzle-orm/pg-core';
import type { HubDatabase } from '../db/database.ts';
import { codeMappingsTable } from '../tables/stewardship.ts';
import type { SharedCategory } from '../vocabulary/categories.ts';

/**
 * Steward mappings (监管标准互通): a department code the built-in map does not
 * know, mapped onto a shared category by a steward and stored, versioned, in
 * `code_mappings` (the highest version is in force: `mappingsInForce`).
 *
 * Ingest and the mapping race on purpose-built advisory locks, one per
 * (department, code):
 * - a batch holding rows of the code as OTHER takes the lock SHARED, then
 *   reads the mappings in force, so batches never wait for each other;
 * - a steward's mapping takes it EXCLUSIVE, then inserts the new version and
 *   re-classifies the stored rows, in one transaction.
 * So either the batch commits first — the mapping waits for it, and its
 * re-classification then sees (and rewrites) the batch's rows — or the
 * mapping commits first — the batch waits for it, and its look-up then sees
 * the new mapping. No row is left as OTHER beside a mapping in force. Both
 * sides need READ COMMITTED (PostgreSQL's default): each statement after the
 * lock must take a snapshot that includes what the other side committed.
 */

/** A department's code, e.g. `{ department: 'health', code: 'WJ-NEW1' }`. */
export interface CodeKey {
  department: string;
  code: string;
}

/** The version of a steward mapping in force. */
export interface StewardMapping {
  department: string;
  code: string;
  version: number;
  category: SharedCategory;
}

/** One string per (department, code), for Maps. */
export function codeKeyOf(department: string, code: string): string {
  return `${department}\u0000${code}`;
}

/**
 * The first key of the two-key advisory locks on codes ("code"). Two-key
 * locks are a lock space apart from the one-key locks of migrations and the
 * audit chain, so they can never collide with those.
 */
export const CODE_MAPPING_LOCK_SPACE = 0x636f6465;

/** The second key of a code's advisory lock: 32 bits of a hash. Two codes sharing it only wait for each other. */
export function codeMappingLockKey(department: string, code: string): number {
  return createHash('sha256').update(codeKeyOf(department, code)).digest().readInt32BE(0);
}

/**
 * Takes the shared lock of each code, in ascending key order, until the
 * transaction ends. One order for every batch: a batch never waits for a lock
 * behind a mapping that waits for a lock the batch holds (no deadlock).
 */
export async function lockCodesShared(tx: HubDatabase, keys: readonly CodeKey[]): Promise<void> {
  const lockKeys = [...new Set(keys.map((key) => codeMappingLockKey(key.department, key.code)))].sort((a, b) => a - b);
  if (lockKeys.length === 0) return;
  // `unnest` yields the array in order, and nothing sorts after it: locks are taken in that order.
  await tx.execute(sql`select count(pg_advisory_xact_lock_shared(${CODE_MAPPING_LOCK_SPACE}::int4, key)) from unnest(${sql.param(lockKeys)}::int4[]) as key`);
}

/** Takes a code's exclusive lock until the transaction ends: waits for every batch holding the code. */
export async function lockCodeExclusive(tx: HubDatabase, key: CodeKey): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CODE_MAPPING_LOCK_SPACE}::int4, ${codeMappingLockKey(key.department, key.code)}::int4)`);
}

/**
 * The steward mapping in force for each mapped (department, code): its
 * highest version, every column. The one definition of "in force": ingest's
 * look-up, the steward's list of unmapped codes and `hub stats` all read it,
 * so they can never disagree on whether a code is mapped. Join it on
 * department and code; a code without a row has no mapping.
 */
export function mappingsInForce() {
  return new QueryBuilder()
    .selectDistinctOn([codeMappingsTable.department, codeMappingsTable.code])
    .from(codeMappingsTable)
    .orderBy(codeMappingsTable.department, codeMappingsTable.code, desc(codeMappingsTable.version))
    .as('in_force');
}

/** The steward mappings in force for these codes, by `codeKeyOf`; codes without one are absent. */
export async function findStewardMappings(db: HubDatabase, keys: readonly CodeKey[]): Promise<Map<string, StewardMapping>> {
  const found = new Map<string, StewardMapping>();
  if (keys.length === 0) return found;
  const inForce = mappingsInForce();
  const rows = await db
    .select({ department: inForce.department, code: inForce.code, version: inForce.version, category: inForce.category })
    .from(inForce)
    .where(sql`(${inForce.department}, ${inForce.code}) in (select * from unnest(${sql.param(keys.map((key) => key.department))}::text[], ${sql.param(keys.map((key) => key.code))}::text[]))`);
  for (const row of rows) found.set(codeKeyOf(row.department, row.code), { ...row, category: row.category as SharedCategory });
  return found;
}
