/**
 * One autocannon run in a process of its own, so the load generator does not
 * share the gateway's event loop. Reads a {@link LoadPlan} as JSON on stdin,
 * prints one {@link LoadResult} as JSON on stdout.
 */
import autocannon from 'autocannon';
import { text } from 'node:stream/consumers';
import type { LoadPlan, LoadResult } from './run-load.ts';

const plan = JSON.parse(await text(process.stdin)) as LoadPlan;
const codes: Record<string, number> = {};
let graphqlErrors = 0;
let next = 0;
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.durationSeconds,
  ...(plan.requestsPerSecond ? { overallRate: plan.requestsPerSecond } : {}),
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...plan.headers },
  requests: [
    {
      method: 'POST',
      // A different subject or filter (and, where given, caller) on every request, across all connections.
      setupRequest: (request) => {
        const n = next++ % plan.bodies.length;
        const authorization = plan.authorizations?.[n];
        return { ...request, body: plan.bodies[n]!, ...(authorization ? { headers: { ...request.headers, authorization } } : {}) };
      },
      // A 200 response may still carry GraphQL errors (a partial result): counted, with every answer's codes.
      onResponse: (status, body) => {
        const ok = status >= 200 && status < 300;
        if (ok && !body.includes('"errors"')) return;
        if (ok) graphqlErrors++;
        let found = false;
        try {
          for (const error of (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors ?? []) {
            const code = error.extensions?.code ?? 'NO_CODE';
            codes[code] = (codes[code] ?? 0) + 1;
            found = true;
          }
        } catch {
          // not JSON: counted by its status below
        }
        if (!found) codes[`HTTP ${status}`] = (codes[`HTTP ${status}`] ?? 0) + 1;
      },
    },
  ],
});
const report: Omit<LoadResult, 'gatewayCpu'> = {
  requestsPerSecond: result.requests.average,
  total: result.requests.total,
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  graphqlErrors,
  codes,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
