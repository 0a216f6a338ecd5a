/**
 * How the console reaches data: GraphQL through the gateway, with the
 * signed-in steward's own token, so every scope, jurisdiction and audit rule
 * applies to the console exactly as to any other client. The console has no
 * database handle and no second door to the data.
 */

/** One entry of a GraphQL response's `errors`. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: unknown; [key: string]: unknown };
}

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: GraphQLErrorEntry[];
}

/** Sends one GraphQL request as the holder of `token`. */
export type ConsoleGraphQL = (document: string, variables: Record<string, unknown>, token: string) => Promise<GraphQLResult>;

/** An error as the console shows it: a stable code and the gateway's message. */
export interface ConsoleError {
  code: string;
  message: string;
}

export type Outcome<T> = { ok: true; data: T } | { ok: false; errors: ConsoleError[] };

/** A GraphQL call bound to one signed-in steward's token. */
export type Ask = <T>(document: string, variables?: Record<string, unknown>) => Promise<Outcome<T>>;

/** Binds `graphql` to `token`: any error entry makes the outcome a failure (the console never shows half an answer). */
export function askAs(graphql: ConsoleGraphQL, token: string): Ask {
  return async <T>(document: string, variables: Record<string, unknown> = {}): Promise<Outcome<T>> => {
    let result: GraphQLResult;
    try {
      result = await graphql(document, variables, token);
    } catch {
      return { ok: false, errors: [{ code: 'GATEWAY_UNREACHABLE', message: 'the GraphQL gateway did not answer' }] };
    }
    if (result.errors && result.errors.length > 0) {
      return { ok: false, errors: result.errors.map((e) => ({ code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'INTERNAL_SERVER_ERROR', message: e.message })) };
    }
    if (!result.data) return { ok: false, errors: [{ code: 'INTERNAL_SERVER_ERROR', message: 'the gateway answered without data' }] };
    return { ok: true, data: result.data as T };
  };
}

/** The structural part of a yoga instance (or any fetch handler) the console calls in process. */
export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

/**
 * ConsoleGraphQL over a gateway's fetch handler, in process: no port, no
 * network hop, but the request passes through the gateway's whole pipeline
 * (token verification, scopes, audit) like one from outside.
 */
export function graphqlThroughGateway(gateway: FetchHandler): ConsoleGraphQL {
  return async (document, variables, token) => {
    const request = new Request('http://console.internal/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: document, variables, operationName: operationNameOf(document) }),
    });
    const response = await gateway.fetch(request);
    const type = response.headers.get('content-type') ?? '';
    if (!/json/.test(type)) throw new Error(`gateway answered ${response.status} ${type}`);
    return (await response.json()) as GraphQLResult;
  };
}

/** The first operation's name (`query ConsoleGrants …`): audit entries record it as the operation. */
export function operationNameOf(document: string): string | undefined {
  return /\b(?:query|mutation)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(document)?.[1];
}
