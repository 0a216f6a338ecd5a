/** One string for a multi-column key, for Maps and for sorting rows into a stable lock order. */
export function compositeKey(...parts: unknown[]): string {
  return parts.map(String).join('\u0000');
}

/** Byte-order comparison of two keys, the order `collate "C"` gives in SQL. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
