import { getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { gatewayError } from '../errors.ts';

/** PostgreSQL's query_canceled: what `statement_timeout` raises. */
const QUERY_CANCELED = '57014';

/**
 * Stops one request's execution after `timeoutMs`: the executor resolves no
 * further field and the caller gets `SERVICE_UNAVAILABLE` (reason
 * `TIMEOUT`, HTTP 503) at once; queries already sent end at the database's
 * `statement_timeout`. A client that hangs up aborts the work too. A field
 * whose SQL the database cancelled for its statement timeout answers the
 * same code (reason `STATEMENT_TIMEOUT`) rather than a masked internal error.
 *
 * SERVICE_UNAVAILABLE rather than a code of its own: to a client both mean
 * "not now, try again later or ask for less", which it already handles for
 * a database outage.
 */
export function useExecutionTimeout(timeoutMs: number, { onTimeout }: { onTimeout?: () => void } = {}): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args: ExecutionArgs) => {
        const mutation = getOperationAST(args.document, args.operationName)?.operation === 'mutation';
        const controller = new AbortController();
        const timer = timeoutMs > 0 ? setTimeout(() => {
                onTimeout?.();
                controller.abort(timedOut(timeoutMs, mutation));
              }, timeoutMs) : undefined;
        const hangUp = (args.contextValue as { request?: Request } | undefined)?.request?.signal;
        const signal = hangUp ? AbortSignal.any([controller.signal, hangUp]) : controller.signal;
        try {
          const result = (await executeFn({ ...args, signal } as ExecutionArgs)) as ExecutionResult;
          return result.errors?.some(isStatementTimeout) ? { ...result, errors: result.errors.map(asServiceUnavailable) } : result;
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}

function timedOut(timeoutMs: number, mutation: boolean): GraphQLError {
  const change = mutation ? '; a change it made may still have been committed, so check before sending it again' : '';
  return gatewayError('SERVICE_UNAVAILABLE', `the request did not finish within ${timeoutMs} ms and was stopped${change}`, { reason: 'TIMEOUT', http: { status: 503 } });
}

function isStatementTimeout(error: GraphQLError): boolean {
  for (let cause: unknown = error.originalError, depth = 0; cause && depth < 5; cause = (cause as { cause?: unknown }).cause, depth++) {
    if ((cause as { code?: unknown }).code === QUERY_CANCELED) return true;
  }
  return false;
}

/** The same error at the same path, coded (the masking keeps a located error whose original carries a code). */
function asServiceUnavailable(error: GraphQLError): GraphQLError {
  if (!isStatementTimeout(error)) return error;
  const coded = gatewayError('SERVICE_UNAVAILABLE', 'a database statement of this request ran past its time limit and was cancelled; try again later or ask for less', { reason: 'STATEMENT_TIMEOUT', http: { status: 503 } }, error.originalError);
  return new GraphQLError(coded.message, { nodes: error.nodes, path: error.path, extensions: coded.extensions, originalError: coded });
}
