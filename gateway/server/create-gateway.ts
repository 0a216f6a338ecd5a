import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, useReadinessCheck, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError, locatedError } from 'graphql';
import { isDatabaseUnavailableError } from '../../schema/db/connection-errors.ts';
import { describeError } from '../../schema/db/describe-error.ts';
import type { HubDatabase } from '../../schema/db/database.ts';
import type { AccessScope } from '../access/access-scope.ts';
import type { Caller } from '../auth/caller.ts';
import { TokenRejectedError } from '../auth/token-errors.ts';
import { createGatewayContext, type AuditSink, type GatewayContext, type StewardServices } from '../context.ts';
import { gatewayError } from '../errors.ts';
import { gatewaySchema } from '../schema/index.ts';
import { defaultGatewayLimits, type GatewayLimits } from './gateway-limits.ts';
import { useOperationName } from './operation-name.ts';
import type { GatewayMetrics } from './gateway-metrics.ts';
import { requestIdOf, useRequestId } from './request-id.ts';
import { logWithRequestId, useRequestScope } from './request-scope.ts';
import { useMetricsEndpoint } from './use-metrics-endpoint.ts';
import { useRequestMetrics } from './use-request-metrics.ts';
import { useExecutionTimeout } from './use-execution-timeout.ts';
import { useIntrospectionPolicy, type IntrospectionPolicy } from './use-introspection-policy.ts';
import { usePersistedOperations, type PersistedOperations } from './use-persisted-operations.ts';
import { useQueryLimits } from './use-query-limits.ts';
import { useRateLimit } from './use-rate-limit.ts';
import { useRequestSizeLimits } from './use-request-size-limits.ts';
import { useStorableText } from './use-storable-text.ts';

/** The logging surface the gateway needs (the hub passes pino). */
export interface GatewayLog {
  debug(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface GatewayOptions {
  db: HubDatabase;
  /** Who is calling: `null` without a token; throws TokenRejectedError for a bad one. */
  authenticate(request: Request): Promise<Caller | null>;
  /** The caller's effective access (token scopes ∩ jurisdictions and grants). */
  accessOf(caller: Caller | null): AccessScope;
  audit: AuditSink;
  /** Grant changes and dead-letter replay; without it grants apply at the next poll and replay is unavailable. */
  stewardship?: StewardServices;
  /** GraphiQL on `GET /graphql`: development only. */
  graphiql: boolean;
  /** For `/readyz`: whether the database (and broker) answer. */
  isReady(): Promise<boolean>;
  log: GatewayLog;
  /** Request latency, error codes and auth failures, served at `/metrics`; without it there is no `/metrics`. */
  metrics?: GatewayMetrics;
  /** What one request may ask (size, depth, cost, rate, time); unset fields keep `defaultGatewayLimits`. */
  limits?: Partial<GatewayLimits>;
  /** Who may introspect: `everyone` (development, the default) or `stewards` (production). */
  introspection?: IntrospectionPolicy;
  /** Hide "Did you mean …?" in validation errors (production). */
  hideSuggestions?: boolean;
  /** Persisted-operations mode: only these documents run. */
  persistedOperations?: PersistedOperations | null;
}

export type Gateway = YogaServerInstance<Record<string, unknown>, GatewayContext>;

/** The GraphQL gateway as a fetch handler: POST /graphql, GET /graphql (GraphiQL in development), /healthz, /readyz. */
export function createGateway(options: GatewayOptions): Gateway {
  // Every line logged while a request is answered carries its request id (request-scope.ts).
  const log = logWithRequestId(options.log);
  const limits: GatewayLimits = { ...defaultGatewayLimits, ...options.limits };
  return createYoga<Record<string, unknown>, GatewayContext>({
    schema: gatewaySchema(),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: options.graphiql ? { title: 'Supervision Data Hub', defaultQuery: GRAPHIQL_QUERY } : false,
    // GraphiQL's scripts inlined from the package, not fetched from a CDN: government networks are closed.
    renderGraphiQL,
    // Yoga's own log lines may quote errors, and database errors quote their parameters (personal data): route them through ours.
    logging: {
      debug: () => {},
      info: () => {},
      warn: (...args: unknown[]) => log.warn({ detail: args.map(describeError) }, 'graphql warning'),
      error: (...args: unknown[]) => log.error({ detail: args.map(describeError) }, 'graphql error'),
    },
    maskedErrors: {
      maskError(error, message) {
        const original = error instanceof GraphQLError ? error.originalError : error;
        // graphql-js's own refusal of a variable (missing, of the wrong type, an enum value that does not exist) arrives
        // before execution, with no path and no code: the caller's input, not our fault.
        if (error instanceof GraphQLError && !error.path && !error.extensions.code && error.message.startsWith('Variable "$')) {
          return gatewayError('BAD_USER_INPUT', error.message, { http: { status: 400 } });
        }
        // Expected errors keep their code and, through the located outer error, their path.
        if (error instanceof GraphQLError && (!original || (original instanceof GraphQLError && original.extensions.code))) {
          if (original instanceof GraphQLError && original.extensions.code === 'SERVICE_UNAVAILABLE') log.error({ err: describeError(original.originalError) }, original.message);
          return error;
        }
        // The database down, restarting or refusing connections: the service's trouble, temporary, and said so
        // with a code a client can wait on, never masked as an internal error. Only connection-class errors:
        // a statement the database refuses stays an internal error.
        if (isDatabaseUnavailableError(original ?? error)) {
          log.warn({ err: describeError(original ?? error) }, 'database unavailable; answered SERVICE_UNAVAILABLE');
          const unavailable = gatewayError('SERVICE_UNAVAILABLE', 'the database cannot be reached right now; try again shortly', { http: { status: 503 } });
          return error instanceof GraphQLError ? locatedError(unavailable, error.nodes, error.path) : unavailable;
        }
        log.error({ err: describeError(original ?? error) }, 'unexpected error answering a GraphQL request');
        return gatewayError('INTERNAL_SERVER_ERROR', message);
      },
    },
    // Limits first refuse what is too big to read, then what is too costly to run, then who asks too often, then what runs too long.
    // The body limit is ours (use-request-size-limits.ts), coded like the others; yoga's own would cut the stream first.
    maxRequestBodySize: false,
    plugins: [
      useRequestScope(),
      ...(options.metrics ? [useMetricsEndpoint(options.metrics)] : []),
      useRequestMetrics({ metrics: options.metrics, log: options.log, graphqlEndpoint: '/graphql' }),
      useRequestId(),
      useRequestSizeLimits(limits),
      ...(options.persistedOperations ? [usePersistedOperations(options.persistedOperations)] : []),
      useQueryLimits(limits, { hideSuggestions: options.hideSuggestions ?? false }),
      ...(limits.rateLimit ? [useRateLimit(limits.rateLimit)] : []),
      useIntrospectionPolicy(options.introspection ?? 'everyone'),
      useStorableText(),
      useOperationName(),
      useExecutionTimeout(limits.executionTimeoutMs, { onTimeout: () => log.warn({ timeoutMs: limits.executionTimeoutMs }, 'request stopped at its execution timeout') }),
      useReadinessCheck({ endpoint: '/readyz', check: () => options.isReady() }),
    ],
    context: async ({ request, params }) => {
      const requestId = requestIdOf(request);
      let caller: Caller | null;
      try {
        caller = await options.authenticate(request);
      } catch (error) {
        if (!(error instanceof TokenRejectedError)) throw error;
        options.metrics?.authFailed(error.reason);
        log.debug({ requestId, reason: error.reason }, 'token rejected');
        throw gatewayError('UNAUTHENTICATED', error.message, { reason: error.reason, http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } } });
      }
      const access = options.accessOf(caller);
      if (access.suspended) {
        options.metrics?.authFailed('AGENCY_SUSPENDED');
        log.debug({ requestId }, 'request from a suspended agency refused');
        throw gatewayError('FORBIDDEN', 'this agency is suspended by a data steward', { reason: 'agency_suspended', http: { status: 403 } });
      }
      return createGatewayContext({ db: options.db, access, requestId, operationName: params.operationName ?? undefined, audit: options.audit, stewardship: options.stewardship });
    },
  });
}

const GRAPHIQL_QUERY = `# Paste a demo token printed at start-up into the headers below:
# { "Authorization": "Bearer <token>" }
query RecentClues {
  clues(first: 10) {
    totalCount
    edges { node { clueId department region category summary reportedAt subject { kind uscc institution { name } person { idNumber name masked } } } }
    pageInfo { hasNextPage endCursor }
  }
}
`;
