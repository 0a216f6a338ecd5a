import { readFile } from 'node:fs/promises';
import { consoleOperations } from '../console/operations.ts';
import { persistedOperationId, type PersistedOperations } from '../gateway/server/use-persisted-operations.ts';
import { ConfigError } from './config.ts';

/**
 * The operations a gateway in persisted-operations mode runs: those of
 * `PERSISTED_OPERATIONS_FILE` (a JSON object, id → document, e.g. a
 * client build's manifest keyed by SHA-256) and the steward console's own,
 * under their SHA-256, so the console keeps working.
 */
export async function loadPersistedOperations(path: string): Promise<PersistedOperations> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError([`PERSISTED_OPERATIONS_FILE ${path} cannot be read as JSON: ${(error as Error).message}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ConfigError([`PERSISTED_OPERATIONS_FILE ${path} must hold a JSON object of id → GraphQL document`]);
  const problems: string[] = [];
  const operations = new Map<string, string>();
  for (const [id, document] of Object.entries(parsed)) {
    if (typeof document !== 'string' || document.trim() === '') problems.push(`PERSISTED_OPERATIONS_FILE: the operation ${JSON.stringify(id.slice(0, 80))} is not a GraphQL document (a non-empty string)`);
    else if (!/^[\w:.-]{1,128}$/.test(id)) problems.push(`PERSISTED_OPERATIONS_FILE: the id ${JSON.stringify(id.slice(0, 80))} must be 1–128 letters, digits or _ : . -`);
    else operations.set(id, document);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return withConsoleOperations(operations);
}

/** `operations` plus the console's documents, each under its SHA-256. */
export function withConsoleOperations(operations: PersistedOperations): PersistedOperations {
  const all = new Map(operations);
  for (const document of consoleOperations) all.set(persistedOperationId(document), document);
  return all;
}
