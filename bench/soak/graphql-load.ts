/**
 * One window of the soak's GraphQL load, in a process of its own so the load
 * generator never shares an event loop with what it measures. Reads a
 * {@link GraphqlLoadPlan} as JSON on stdin, prints a {@link GraphqlLoadResult}
 * as JSON on stdout.
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { text } from 'node:stream/consumers';

export interface GraphqlLoadPlan {
  url: string;
  /** Sent in turn, each with its caller's token. */
  requests: { authorization: string; body: string }[];
  requestsPerSecond: number;
  connections: number;
  durationSeconds: number;
}

export interface GraphqlLoadResult {
  total: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Connection errors (timeouts included), non-2xx answers, and 2xx answers carrying GraphQL errors. */
  errors: number;
  timeouts: number;
  non2xx: number;
  graphqlErrors: number;
  /** Error codes seen (`extensions.code`, or `HTTP <status>` without one), with counts. */
  codes: Record<string, number>;
}

/** Runs one window in a child process and returns its figures. */
export async function runGraphqlLoad(plan: GraphqlLoadPlan): Promise<GraphqlLoadResult> {
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  child.stdin.end(JSON.stringify(plan));
  const [output, code] = await Promise.all([text(child.stdout), exited]);
  if (code !== 0) throw new Error(`the GraphQL load process exited with ${code}`);
  return JSON.parse(output) as GraphqlLoadResult;
}

async function main(): Promise<void> {
  const plan = JSON.parse(await text(process.stdin)) as GraphqlLoadPlan;
  const codes: Record<string, number> = {};
  let next = 0;
  let graphqlErrors = 0;
  const result = await autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.durationSeconds,
    overallRate: plan.requestsPerSecond,
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const { authorization, body } = plan.requests[next++ % plan.requests.length]!;
          return { ...request, body, headers: { ...request.headers, authorization } };
        },
        onResponse: (status, body) => {
          if (status >= 200 && status < 300 && !body.includes('"errors"')) return;
          let found = false;
          try {
            for (const error of (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []) {
              const code = error.extensions?.code ?? 'NO_CODE';
              codes[code] = (codes[code] ?? 0) + 1;
              found = true;
            }
          } catch {
            // not JSON
          }
          if (!found) codes[`HTTP ${status}`] = (codes[`HTTP ${status}`] ?? 0) + 1;
          if (status >= 200 && status < 300) graphqlErrors++;
        },
      },
    ],
  });
  const report: GraphqlLoadResult = {
    total: result.requests.total,
    requestsPerSecond: result.requests.total / plan.durationSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + graphqlErrors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    graphqlErrors,
    codes,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

if (process.argv[1] === new URL(import.meta.url).pathname) await main();
