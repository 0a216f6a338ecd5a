import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** The institutions (USCC) and people (ID number) a batch of subject lookups asks about. */
export interface SubjectKeys {
  usccs: string[];
  idNumbers: string[];
}

/** "The row is about one of these subjects"; with no subjects, no row (never "no filter"). */
export function subjectCondition(usccColumn: AnyPgColumn | null, idNumberColumn: AnyPgColumn | null, subjects: SubjectKeys): SQL {
  const parts: SQL[] = [];
  if (usccColumn && subjects.usccs.length > 0) parts.push(inArray(usccColumn, subjects.usccs));
  if (idNumberColumn && subjects.idNumbers.length > 0) parts.push(inArray(idNumberColumn, subjects.idNumbers));
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}

