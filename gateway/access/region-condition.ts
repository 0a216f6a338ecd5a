import { or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

const NATIONAL = '000000';

/**
 * The SQL condition "column lies in one of these jurisdictions", so rows
 * outside them never leave the database (pagination and counts included).
 * A province (`510000`) or city (`510100`) becomes a range on the 6-digit
 * code, which a btree index on the column serves under any collation.
 * `column` may also be an expression yielding a region code (or null: then
 * only a national jurisdiction reaches the row).
 */
export function regionCondition(column: AnyPgColumn | SQL, jurisdictions: readonly string[]): SQL {
  if (jurisdictions.length === 0) return sql`false`;
  if (jurisdictions.includes(NATIONAL)) return sql`true`;
  const parts = jurisdictions.map((code) => {
    if (code.endsWith('0000')) return rangeOf(column, code.slice(0, 2), 4);
    if (code.endsWith('00')) return rangeOf(column, code.slice(0, 4), 2);
    return sql`${column} = ${code}`;
  });
  return parts.length === 1 ? parts[0]! : or(...parts)!;
}

function rangeOf(column: AnyPgColumn | SQL, prefix: string, freeDigits: number): SQL {
  const low = prefix + '0'.repeat(freeDigits);
  const high = String(Number(prefix) + 1).padStart(prefix.length, '0') + '0'.repeat(freeDigits);
  return sql`(${column} >= ${low} and ${column} < ${high})`;
}
