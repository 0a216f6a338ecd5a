import { gatewayError } from '../errors.ts';

/**
 * What one request may ask of the gateway. Every refusal for a limit answers
 * `QUERY_TOO_COMPLEX` with `extensions.limit` naming the limit (one code for
 * "ask for less", whichever limit it was), except the rate limit
 * (`RATE_LIMITED`) and the execution timeout (`SERVICE_UNAVAILABLE`).
 */
export interface GatewayLimits {
  /** Deepest nesting of fields in an operation; fragments count as the fields they hold. */
  maxDepth: number;
  /** graphql-armor's cost: objects 2, scalars 1, ×1.5 per level, × a literal `first`. */
  maxCost: number;
  /** Aliased fields in an operation (`__typename` aliases are free). */
  maxAliases: number;
  /** Directives in an operation. */
  maxDirectives: number;
  /** Lexical tokens in the document: bounds parsing and validation work before anything else runs. */
  maxTokens: number;
  /** Bytes of the request body (413 past it). */
  maxBodyBytes: number;
  /** Names in the request's `variables` object. */
  maxVariables: number;
  /** Items in any one list inside `variables`. */
  maxListLength: number;
  /** Milliseconds one request's execution may take before it is stopped; 0: no limit. */
  executionTimeoutMs: number;
  /** Per-agency token buckets on this replica; `null`: no rate limit. */
  rateLimit: RateLimit | null;
}

export interface RateLimit {
  /** Requests a minute each agency may send to this replica, sustained. */
  perMinute: number;
  /** Requests an agency may send at once after a quiet spell (the bucket's size). */
  burst: number;
  /** The same for callers without a token, who share one bucket per replica. */
  anonymousPerMinute: number;
  anonymousBurst: number;
}

/**
 * Defaults, with room above every document the console, GraphiQL, the tests
 * and the no-leak sweep send — the sweep selects every field reachable to
 * depth 6 of a 100-row page, twice under aliases: depth 7, cost about
 * 196,000 in armor's model, 962 tokens, 2 aliases; the console: depth 4,
 * 90 tokens, one directive — and well below what strains a replica: a cost
 * of 250,000 is about two such full pages, and more aliases of them are
 * refused.
 */
export const defaultGatewayLimits: GatewayLimits = {
  maxDepth: 10,
  maxCost: 250_000,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 2_000,
  maxBodyBytes: 100 * 1024,
  maxVariables: 100,
  maxListLength: 1_000,
  executionTimeoutMs: 10_000,
  rateLimit: { perMinute: 3_000, burst: 600, anonymousPerMinute: 6_000, anonymousBurst: 1_200 },
};

export type LimitName = Exclude<keyof GatewayLimits, 'executionTimeoutMs' | 'rateLimit'> | 'maxVariableNesting';

/** The refusal of a request that goes past `limit`. */
export function tooComplex(limit: LimitName, max: number, message: string, status = 400) {
  return gatewayError('QUERY_TOO_COMPLEX', message, { limit, max, http: { status } });
}
