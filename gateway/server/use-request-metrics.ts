import type { Plugin } from 'graphql-yoga';
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { GatewayMetrics } from './gateway-metrics.ts';
import { requestIdOf } from './request-id.ts';

interface RequestLog {
  debug(object: object, message?: string): void;
}

/** A GraphQL name of at most 64 characters passes as it is; anything else a client sends is `other`. */
const SAFE_OPERATION = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SAFE_CODE = /^[A-Z][A-Z0-9_]{0,39}$/;

/** The operation name as a log field or metric label: a client chooses it, so only a plain GraphQL name passes. */
export function operationLabel(name: unknown): string {
  if (name === undefined || name === null || name === '') return 'anonymous';
  return typeof name === 'string' && SAFE_OPERATION.test(name) ? name : 'other';
}

/**
 * Times every `POST`/`GET /graphql` from arrival to response and reports it
 * with its operation name and its errors' codes — to the metrics, and as one
 * debug log line per request carrying its request id. GraphiQL's page is not
 * a GraphQL request and is left out.
 */
export function useRequestMetrics(options: { metrics?: GatewayMetrics; log: RequestLog; graphqlEndpoint: string }): Plugin {
  const started = new WeakMap<Request, number>();
  const answered = new WeakMap<Request, { operation: string; codes: string[] }>();
  const parsedNames = new WeakMap<Request, string>();
  return {
    // The document's own name, known once it is parsed: a request refused before execution (a bad token) still has it.
    onParse({ context }) {
      const { request, params } = context as { request?: Request; params?: { operationName?: string | null } };
      return ({ result }) => {
        if (!request || !result || !('kind' in result) || result.kind !== 'Document') return;
        const name = getOperationAST(result, params?.operationName ?? undefined)?.name?.value;
        if (name) parsedNames.set(request, name);
      };
    },
    onRequest({ request, url }) {
      if (url.pathname === options.graphqlEndpoint) started.set(request, performance.now());
    },
    onExecutionResult({ request, result, context }) {
      // The context is the gateway's once the caller is known; before that (a refused token) yoga's, holding the params.
      const known = context as { operation?: string; params?: { operationName?: unknown } };
      const operation = operationLabel(parsedNames.get(request) ?? known.params?.operationName ?? known.operation);
      answered.set(request, { operation, codes: errorCodesOf(result) });
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start === undefined || response.headers.get('content-type')?.startsWith('text/html')) return;
      const seconds = (performance.now() - start) / 1000;
      const { operation, codes } = answered.get(request) ?? { operation: 'anonymous', codes: [] };
      options.metrics?.requestAnswered(operation, seconds, codes);
      options.log.debug({ requestId: requestIdOf(request), operation, status: response.status, ms: Math.round(seconds * 1000), errors: codes }, 'graphql request');
    },
  };
}

function errorCodesOf(result: unknown): string[] {
  const results = Array.isArray(result) ? result : result && typeof result === 'object' && !(Symbol.asyncIterator in result) ? [result] : [];
  const codes: string[] = [];
  for (const single of results as ExecutionResult[]) {
    for (const error of single.errors ?? []) {
      const code = error.extensions?.code;
      codes.push(typeof code === 'string' && SAFE_CODE.test(code) ? code : code === undefined ? 'UNCODED' : 'OTHER');
    }
  }
  return codes;
}
