/**
 * One autocannon run in a process of its own, so the load generator does not
 * share the gateway's event loop. Reads a {@link LoadPlan} as JSON on stdin,
 * prints one {@link LoadResult} as JSON on stdout.
 */
import autocannon from 'autocannon';
import { text } from 'node:stream/consumers';
import type { LoadPlan, LoadResult } from './run-load.ts';

const plan = JSON.parse(await text(process.stdin)) as LoadPlan;
let next = 0;
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.durationSeconds,
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...plan.headers },
  requests: [
    {
      method: 'POST',
      // A different subject or filter on every request, across all connections.
      setupRequest: (request) => ({ ...request, body: plan.bodies[next++ % plan.bodies.length]! }),
    },
  ],
  // A 200 response may still carry GraphQL errors (a partial result): count those as mismatches.
  verifyBody: (body) => !String(body).includes('"errors"'),
});
const report: Omit<LoadResult, 'gatewayCpu'> = {
  requestsPerSecond: result.requests.average,
  total: result.requests.total,
  p50: result.latency.p50,
  p99: result.latency.p99,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  graphqlErrors: result.mismatches,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
