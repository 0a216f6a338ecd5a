import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createGateway, type GatewayOptions } from '../../gateway/server/create-gateway.ts';
import { homeJurisdictionAccess } from '../../gateway/access/access-scope.ts';
import { quietGatewayLog } from '../support/gateway-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// The endpoints around GraphQL that operators and load balancers rely on.

let database: TestDatabase;
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.drop();
});

function gateway(overrides: Partial<GatewayOptions> = {}) {
  return createGateway({ db: database.db, authenticate: async () => null, accessOf: homeJurisdictionAccess, audit: { append: async () => {} }, graphiql: false, isReady: async () => true, log: quietGatewayLog, ...overrides });
}

test('GraphiQL is served in development, self-contained, and not in production', async () => {
  const development = await gateway({ graphiql: true }).fetch('http://hub.test/graphql', { headers: { accept: 'text/html' } });
  assert.equal(development.status, 200);
  const page = await development.text();
  assert.match(page, /graphiql/i);
  assert.doesNotMatch(page, /<script[^>]+src="https?:/, 'no script from a CDN: closed networks');
  const production = await gateway({ graphiql: false }).fetch('http://hub.test/graphql', { headers: { accept: 'text/html' } });
  assert.doesNotMatch(await production.text(), /graphiql/i);
});

test('/healthz answers while the process lives; /readyz follows the readiness check', async () => {
  assert.equal((await gateway().fetch('http://hub.test/healthz')).status, 200);
  assert.equal((await gateway({ isReady: async () => true }).fetch('http://hub.test/readyz')).status, 200);
  assert.equal((await gateway({ isReady: async () => false }).fetch('http://hub.test/readyz')).status, 503);
});

test('every response carries a request id: the caller\'s own when it is a plain token, else a new one', async () => {
  const hub = gateway();
  const post = (headers: Record<string, string>) => hub.fetch('http://hub.test/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"query":"{ __typename }"}' });
  assert.equal((await post({ 'x-request-id': 'abc-123' })).headers.get('x-request-id'), 'abc-123');
  const generated = (await post({ 'x-request-id': 'not ok\nInjected: 1' })).headers.get('x-request-id') ?? '';
  assert.match(generated, /^[0-9a-f-]{36}$/);
  // It goes into every log line and audit entry of the request: no resident ID number rides in on it.
  assert.match((await post({ 'x-request-id': 'lookup-510181196708080079' })).headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('/metrics answers without a token in Prometheus text format, and only where the gateway is given metrics', async () => {
  const exposition = { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'hub_auth_failures_total{reason="TOKEN_EXPIRED"} 2\n' };
  const metrics = { requestAnswered() {}, authFailed() {}, auditWritten() {}, auditAppendTook() {}, exposition: async () => exposition };
  const served = await gateway({ metrics }).fetch('http://hub.test/metrics');
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), exposition.contentType);
  assert.equal(await served.text(), exposition.body);
  assert.equal((await gateway({ metrics }).fetch('http://hub.test/metrics', { method: 'POST', body: '' })).status, 405);
  assert.equal((await gateway().fetch('http://hub.test/metrics')).status, 404);
});

test('every log line written while answering a request carries its request id; a refused variable stays out of them', async () => {
  const lines: Array<Record<string, unknown>> = [];
  const record = (level: string) => (object: object, msg?: string) => void lines.push({ level, ...object, msg });
  const hub = gateway({ log: { debug: record('debug'), warn: record('warn'), error: record('error') } });
  const idNumber = '510181196708080079';
  const response = await hub.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'req-refused-variable' },
    body: JSON.stringify({ query: 'query Refused($b: PurposeBasis!) { person(idNumber: "x", purpose: { basis: $b, reference: "r" }) { identity { masked } } }', variables: { b: idNumber } }),
  });
  assert.equal(response.status, 400);
  assert.ok(lines.some((line) => line.level === 'error'), 'graphql-js refusing the variable is logged');
  assert.ok(lines.some((line) => line.msg === 'graphql request' && line.operation === 'Refused'));
  for (const line of lines) assert.equal(line.requestId, 'req-refused-variable', JSON.stringify(line));
  assert.ok(!JSON.stringify(lines).includes(idNumber), JSON.stringify(lines));
});
