import { createHash } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { gatewayError } from '../errors.ts';

/** Persisted operations: id (e.g. the document's SHA-256 in hex) → document text. */
export type PersistedOperations = ReadonlyMap<string, string>;

/** The id a document is persisted under by default: its SHA-256 in lower-case hex, as Apollo's persisted queries send it. */
export function persistedOperationId(document: string): string {
  return createHash('sha256').update(document).digest('hex');
}

/**
 * Persisted-operations mode: the gateway runs only the documents it was
 * given. A client sends `extensions: { persistedQuery: { sha256Hash: <id> } }`
 * (Apollo's format) with or without the text, or the exact text of a known
 * document; anything else is refused with `FORBIDDEN` (reason
 * `PERSISTED_OPERATIONS_ONLY`, or `PERSISTED_OPERATION_NOT_FOUND` for an
 * unknown id) before it is parsed.
 */
export function usePersistedOperations(operations: PersistedOperations): Plugin {
  const texts = new Set(operations.values());
  return {
    onParams({ params, setParams }) {
      const extensions = params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined;
      const id = extensions?.persistedQuery?.sha256Hash;
      if (typeof id === 'string') {
        const document = operations.get(id);
        if (document === undefined) throw refused('PERSISTED_OPERATION_NOT_FOUND', 'no persisted operation has this id on this server');
        if (params.query && params.query !== document) throw refused('PERSISTED_OPERATIONS_ONLY', 'the document sent differs from the persisted operation with this id');
        setParams({ ...params, query: document });
        return;
      }
      if (typeof params.query === 'string' && texts.has(params.query)) return;
      throw refused('PERSISTED_OPERATIONS_ONLY', 'this server runs persisted operations only: send extensions.persistedQuery.sha256Hash of a known operation');
    },
  };
}

function refused(reason: string, message: string) {
  return gatewayError('FORBIDDEN', message, { reason, http: { status: 403 } });
}
