import type { HubDatabase } from '../../../schema/db/database.ts';
import { codeKeyOf, findStewardMappings, lockCodesShared } from '../../../schema/stewardship/steward-mappings.ts';
import { compositeKey } from './composite-key.ts';

type Row = Record<string, unknown>;

/** A row the connector classified as OTHER, where it sits in its table's batch. */
export interface OtherRow {
  rows: Row[];
  index: number;
  department: string;
  code: string;
}

/** A code still without any mapping, and how many of the batch's rows carry it. */
export interface UnmappedCount {
  department: string;
  code: string;
  occurrences: number;
}

/**
 * Gives the batch's OTHER rows the category a steward has mapped their code
 * onto, and returns the codes that are still unmapped (by `compositeKey`),
 * to be counted. Only OTHER rows can change: the built-in map is never
 * overridden. Inside the batch transaction, each code's lock is taken shared
 * before the mappings are read, so a steward mapping the code at the same
 * moment either waits for this batch and re-classifies its rows, or commits
 * first and is seen here (schema/stewardship/steward-mappings.ts). A batch
 * without OTHER rows costs nothing.
 */
export async function applyStewardMappings(tx: HubDatabase, otherRows: readonly OtherRow[]): Promise<Map<string, UnmappedCount>> {
  const unmapped = new Map<string, UnmappedCount>();
  if (otherRows.length === 0) return unmapped;
  const codes = new Map(otherRows.map((other) => [codeKeyOf(other.department, other.code), { department: other.department, code: other.code }]));
  await lockCodesShared(tx, [...codes.values()]);
  const mappings = await findStewardMappings(tx, [...codes.values()]);
  for (const other of otherRows) {
    const mapping = mappings.get(codeKeyOf(other.department, other.code));
    if (mapping) {
      // A copy: the decoded message stays as the connector made it, should the batch be stored again.
      other.rows[other.index] = { ...other.rows[other.index], category: mapping.category };
      continue;
    }
    const key = compositeKey(other.department, other.code);
    const counted = unmapped.get(key) ?? { department: other.department, code: other.code, occurrences: 0 };
    counted.occurrences++;
    unmapped.set(key, counted);
  }
  return unmapped;
}
