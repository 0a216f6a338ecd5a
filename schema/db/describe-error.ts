import { DrizzleQueryError } from 'drizzle-orm';

/**
 * Error text safe for logs. Query errors carry the statement's parameters —
 * event values, possibly ID numbers and names — in their message, and
 * PostgreSQL messages may quote a value; so database errors are logged by
 * SQLSTATE only and other errors by name and message.
 */
export function describeError(error: unknown): string {
  const chain: unknown[] = [];
  for (let current = error; current && chain.length < 5; current = (current as { cause?: unknown }).cause) chain.push(current);
  const innermost = chain.at(-1);
  if (!(innermost instanceof Error)) return String(innermost);
  const code = (innermost as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `database error SQLSTATE ${code}`;
  if (chain.some((error) => error instanceof DrizzleQueryError)) return `${innermost.name}${code ? ` ${String(code)}` : ''}`;
  return `${innermost.name}${code ? ` ${String(code)}` : ''}: ${innermost.message}`;
}
