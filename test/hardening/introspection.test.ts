import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { loadOrCreateDevKeys, type DevKeys } from '../../gateway/auth/dev-keys.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { loadConfig } from '../../hub/config.ts';
import { startGateway, type RunningGateway } from '../../hub/start-gateway.ts';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testLogger } from '../support/test-log.ts';

// Introspection: in production (NODE_ENV=production, as the hub wires it) only data stewards may ask the
// schema about itself, and error messages suggest no field names; in development anyone may.

const SCHEMA = '{ __schema { queryType { name } types { name } } }';
const ISSUER = 'introspection-test';

const folder = mkdtempSync(join(tmpdir(), 'hub-introspection-'));
let database: TestDatabase | undefined;
let production: { gateway: RunningGateway; keys: DevKeys } | undefined;
let development: GatewayHarness | undefined;
after(async () => {
  await production?.gateway.stop();
  development?.close();
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

async function productionHub() {
  if (production) return production;
  database ??= await createTestDatabase();
  const keys = await loadOrCreateDevKeys(join(folder, 'keys'));
  writeFileSync(join(folder, 'jwks.json'), JSON.stringify(keys.publicJwks));
  const config = loadConfig({ NODE_ENV: 'production', HUB_ROLE: 'gateway', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: database.url, AUTH_JWKS_FILE: join(folder, 'jwks.json'), AUTH_ISSUERS: ISSUER }, folder);
  production = { gateway: await startGateway(config, database, testLogger('gateway')), keys };
  return production;
}

async function ask(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

test('production refuses __schema and __type to anyone but a steward, however the document hides them', async () => {
  const { gateway, keys } = await productionHub();
  const officer = await mintToken(keys, { agency: 'police:510181', scopes: ['clue:read', 'result:read', 'identity:read'], issuer: ISSUER, audience: 'supervision-hub' });
  const documents = [SCHEMA, '{ __type(name: "Clue") { fields { name } } }', '{ ...F } fragment F on Query { __schema { types { name } } }', '{ clues(first: 1) { totalCount } ... on Query { x: __type(name: "Person") { name } } }'];
  for (const token of [undefined, officer]) {
    for (const document of documents) {
      const { status, body } = await ask(gateway.url, document, token);
      assert.equal(status, 403, document);
      assert.equal(body.data, undefined, 'nothing ran, not even the other fields');
      assert.equal(body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
      assert.equal(body.errors?.[0]?.extensions?.reason, 'INTROSPECTION_DISABLED');
    }
  }
  // __typename is not introspection.
  assert.deepEqual((await ask(gateway.url, '{ __typename }')).body, { data: { __typename: 'Query' } });
});

test('production answers a steward the full introspection query, enough to build the schema', async () => {
  const { gateway, keys } = await productionHub();
  const steward = await mintToken(keys, { agency: 'health:510000', scopes: ['steward'], issuer: ISSUER, audience: 'supervision-hub' });
  const { status, body } = await ask(gateway.url, getIntrospectionQuery(), steward);
  assert.equal(status, 200);
  assert.equal(body.errors, undefined);
  const schema = buildClientSchema(body.data as unknown as IntrospectionQuery);
  assert.ok(schema.getQueryType()?.getFields().clues);
});

test('production error messages suggest no field names; development ones do', async () => {
  const { gateway } = await productionHub();
  const refused = await ask(gateway.url, '{ clue { clueId } }');
  assert.equal(refused.status, 400);
  assert.match(refused.body.errors?.[0]?.message ?? '', /Cannot query field "clue"/);
  assert.doesNotMatch(refused.body.errors?.[0]?.message ?? '', /Did you mean|clues/);

  database ??= await createTestDatabase();
  development = await startGatewayHarness(database.db);
  const suggested = await development.query('{ clue { clueId } }');
  assert.match(suggested.body.errors?.[0]?.message ?? '', /Did you mean "clues"\?/);
});

test('development lets anyone introspect', async () => {
  database ??= await createTestDatabase();
  development ??= await startGatewayHarness(database.db);
  const { status, body } = await development.query(SCHEMA);
  assert.equal(status, 200);
  assert.equal((body.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name, 'Query');
});
