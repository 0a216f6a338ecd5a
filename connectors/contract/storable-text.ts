/**
 * PostgreSQL text and jsonb cannot hold a NUL character or half of a UTF-16
 * surrogate pair; JSON can (`"\u0000"`, `"\ud800"`). Such text must be
 * refused on the way in, or the batch holding it could never be stored.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

interface Visit {
  value: unknown;
  key: string;
  parent: Visit | null;
}

/** Paths go into dead-letter reasons and headers: at most 200 characters, however deep or long the keys. */
const MAX_PATH = 200;

const pathOf = (visit: Visit | null): string => {
  const keys: string[] = [];
  for (let at = visit; at?.parent; at = at.parent) keys.push(at.key);
  const path = keys.reverse().join('.');
  return path.length > MAX_PATH ? `${path.slice(0, MAX_PATH - 1)}…` : path;
};

/**
 * The path of the first string (value or key) in a parsed JSON value that
 * PostgreSQL cannot store, or null. Walked with a stack of its own, not by
 * recursion: JSON.parse takes nesting thousands of levels deep, which would
 * overflow the call stack here and fail the whole batch instead of the one message.
 */
export function findUnstorableText(value: unknown): string | null {
  const stack: Visit[] = [{ value, key: '', parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    if (typeof visit.value === 'string') {
      if (!isStorableText(visit.value)) return pathOf(visit) || '(root)';
      continue;
    }
    if (visit.value === null || typeof visit.value !== 'object') continue;
    const entries = Object.entries(visit.value);
    for (const [key] of entries) if (!isStorableText(key)) return `${pathOf(visit) || '(root)'} (a key)`;
    // Reversed, so the first child is visited first: the path reported is the first in the document.
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], key: entries[i]![0], parent: visit });
  }
  return null;
}
