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
});
