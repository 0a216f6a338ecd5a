/**
 * PostgreSQL text and jsonb cannot hold a NUL character or half of a UTF-16
 * surrogate pair; JSON can (`"\u0000"`, `"\ud800"`). Such text must be
 * refused on the way in, or the batch holding it could never be stored.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The path of the first string (value or key) in a parsed JSON value that PostgreSQL cannot store, or null. */
export function findUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorableText(value) ? null : path || '(root)';
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) return `${path || '(root)'} (a key)`;
    const found = findUnstorableText(child, childPath);
    if (found) return found;
  }
  return null;
}
