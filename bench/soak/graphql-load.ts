import { runLoad, type LoadResult } from '../query/run-load.ts';

/** One window of the soak's GraphQL load: `requests` in turn, each with its caller's token, paced. */
export interface GraphqlLoadPlan {
  url: string;
  requests: { authorization: string; body: string }[];
  requestsPerSecond: number;
  connections: number;
  durationSeconds: number;
}

/** bench:query's figures, with `errors` counting every failed request: connection errors, non-2xx answers and 2xx answers carrying GraphQL errors. */
export type GraphqlLoadResult = Omit<LoadResult, 'gatewayCpu'>;

/** Runs one window through bench:query's load runner (autocannon in a process of its own) and returns its figures. */
export async function runGraphqlLoad(plan: GraphqlLoadPlan): Promise<GraphqlLoadResult> {
  const { gatewayCpu: _notTheHub, ...result } = await runLoad({
    url: plan.url,
    headers: {},
    bodies: plan.requests.map((request) => request.body),
    authorizations: plan.requests.map((request) => request.authorization),
    requestsPerSecond: plan.requestsPerSecond,
    connections: plan.connections,
    durationSeconds: plan.durationSeconds,
  });
  return { ...result, requestsPerSecond: result.total / plan.durationSeconds, errors: result.errors + result.non2xx + result.graphqlErrors };
}
