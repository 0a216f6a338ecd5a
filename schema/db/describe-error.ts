import { DrizzleQueryError } from 'drizzle-orm';

/**
 * Error text safe for logs. Query errors carry the statement's parameters —
 * event values, possibly ID numbers and names — in their message, and
 * PostgreSQL messages may quote a value; so database errors are logged by
 * SQLSTATE only. GraphQL errors quote the caller's variables ("got invalid
 * value …"), so they are logged by their code only. Other errors keep name
 * and message, with anything shaped like an ID number and any Chinese text
 * (a name, an address) cut out: our own messages are English.
 */
export function describeError(error: unknown): string {
  const chain: unknown[] = [];
  for (let current = error; current && chain.length < 5; current = (current as { cause?: unknown }).cause) chain.push(current);
  const innermost = chain.at(-1);
  if (!(innermost instanceof Error)) return withoutPersonalText(String(innermost));
  const code = (innermost as { code?: unknown }).code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `database error SQLSTATE ${code}`;
  if (chain.some((error) => error instanceof DrizzleQueryError)) return `${innermost.name}${code ? ` ${String(code)}` : ''}`;
  if (innermost.name === 'GraphQLError') {
    const graphqlCode = (innermost as { extensions?: { code?: unknown } }).extensions?.code;
    return `GraphQLError${typeof graphqlCode === 'string' ? ` ${graphqlCode}` : ''}`;
  }
  return withoutPersonalText(`${innermost.name}${code ? ` ${String(code)}` : ''}: ${innermost.message}`);
}

const ID_NUMBER_SHAPED = /\d{17}[\dXx]/g;
const CHINESE_TEXT = /[\u3400-\u9fff\uf900-\ufaff]+/g;

function withoutPersonalText(text: string): string {
  return text.replace(ID_NUMBER_SHAPED, '[number]').replace(CHINESE_TEXT, '[text]');
}
