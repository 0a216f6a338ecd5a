import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createConsole } from '../../console/create-console.ts';
import { graphqlThroughGateway } from '../../console/graphql-client.ts';
import { persistedOperationId } from '../../gateway/server/use-persisted-operations.ts';
import { ConfigError } from '../../hub/config.ts';
import { loadPersistedOperations } from '../../hub/persisted-operations.ts';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { seedGatewayData } from '../support/gateway-seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testLogger } from '../support/test-log.ts';

// Persisted-operations mode as the hub wires it: the operations of PERSISTED_OPERATIONS_FILE plus the
// steward console's own. Known operations answer, by id or by their exact text; any other document is
// refused before it is parsed; the console works through every page.

const CLUES = 'query AppClues { clues(first: 2) { totalCount edges { node { clueId } } } }';
const PENALTIES = 'query AppPenalties($region: String) { publicPenalties(region: $region, first: 1) { totalCount } }';

const folder = mkdtempSync(join(tmpdir(), 'hub-persisted-'));
const manifest = join(folder, 'operations.json');
writeFileSync(manifest, JSON.stringify({ [persistedOperationId(CLUES)]: CLUES, 'app-penalties-v1': PENALTIES }));

let database: TestDatabase | undefined;
let hub: GatewayHarness | undefined;
let plain: GatewayHarness | undefined;
async function persistedHub(): Promise<GatewayHarness> {
  if (hub) return hub;
  database = await createTestDatabase();
  await seedGatewayData(database.db);
  hub = await startGatewayHarness(database.db, { gatewayOptions: { persistedOperations: await loadPersistedOperations(manifest) } });
  return hub;
}
after(async () => {
  hub?.close();
  plain?.close();
  await database?.drop();
  rmSync(folder, { recursive: true, force: true });
});

async function post(harness: GatewayHarness, body: Record<string, unknown>, token?: string) {
  const response = await harness.gateway.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, { totalCount: number }> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}
const byId = (id: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: id } } });

test('a known operation answers by its SHA-256 alone, by its id in the file, and by its exact text', async () => {
  const harness = await persistedHub();
  const token = await harness.tokenFor('health:510181', ['clue:read']);
  const bySha = await post(harness, byId(persistedOperationId(CLUES)), token);
  assert.equal(bySha.status, 200);
  assert.equal(bySha.body.data?.clues?.totalCount, 3);
  const byManifestId = await post(harness, { ...byId('app-penalties-v1'), variables: { region: '510181' } });
  assert.equal(byManifestId.body.data?.publicPenalties?.totalCount, 2);
  const byText = await post(harness, { query: CLUES }, token);
  assert.equal(byText.body.data?.clues?.totalCount, 3);
  // GET, as a CDN-cacheable persisted query.
  const get = await harness.gateway.fetch(`http://hub.test/graphql?extensions=${encodeURIComponent(JSON.stringify(byId('app-penalties-v1').extensions))}`, { headers: { accept: 'application/graphql-response+json' } });
  assert.equal(((await get.json()) as { data: { publicPenalties: { totalCount: number } } }).data.publicPenalties.totalCount, 8);
});

test('any other document is refused with FORBIDDEN before it runs; an unknown id is named as such', async () => {
  const harness = await persistedHub();
  const token = await harness.tokenFor('health:510181', ['clue:read', 'steward']);
  for (const query of ['{ clues(first: 100) { totalCount } }', `${CLUES} `, '{ __schema { types { name } } }', 'not even graphql {']) {
    const { status, body } = await post(harness, { query }, token);
    assert.equal(status, 403, query);
    assert.equal(body.data, undefined);
    assert.equal(body.errors?.[0]?.extensions?.code, 'FORBIDDEN');
    assert.equal(body.errors?.[0]?.extensions?.reason, 'PERSISTED_OPERATIONS_ONLY');
  }
  const unknown = await post(harness, byId(persistedOperationId('{ clues { totalCount } }')), token);
  assert.equal(unknown.status, 403);
  assert.equal(unknown.body.errors?.[0]?.extensions?.reason, 'PERSISTED_OPERATION_NOT_FOUND');
  const mismatch = await post(harness, { ...byId(persistedOperationId(CLUES)), query: '{ clues(first: 100) { totalCount } }' }, token);
  assert.equal(mismatch.status, 403, 'an id cannot smuggle another text in');
});

test('the steward console works through every page in persisted-operations mode, and would not without its operations', async () => {
  const harness = await persistedHub();
  const token = await harness.tokenFor('health:510000', ['steward']);
  const signIn = async (gateway: GatewayHarness['gateway']) => {
    const app = createConsole({ graphql: graphqlThroughGateway(gateway), production: false, log: testLogger('console') });
    const response = await app.fetch(
      new Request('http://hub.test/console/sign-in', {
        method: 'POST',
        body: new URLSearchParams({ token }),
        headers: { origin: 'http://hub.test', 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
    return { app, response, cookie };
  };
  const { app, response, cookie } = await signIn(harness.gateway);
  assert.equal(response.status, 303);
  assert.ok(cookie);
  for (const page of ['/console/grants', '/console/suspensions', '/console/audit', '/console/dead-letters?events=1', '/console/codes']) {
    const shown = await app.fetch(new Request(`http://hub.test${page}`, { headers: { cookie } }));
    const html = await shown.text();
    assert.equal(shown.status, 200, page);
    assert.doesNotMatch(html, /FORBIDDEN|PERSISTED_|INTERNAL_SERVER_ERROR|class="banner error"/, page);
  }
  // A change, too: the grant form's mutation is one of the console's operations.
  const granted = await app.fetch(
    new Request('http://hub.test/console/grants', {
      method: 'POST',
      body: new URLSearchParams({ newAgency: 'police:510104', newScope: 'CLUE_READ', newRegions: '510181', newBasis: '成渝协作协议 2026-7', newExpiresAt: '2030-01-01T00:00' }),
      headers: { cookie: cookie!, origin: 'http://hub.test', 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
    }),
  );
  assert.equal(granted.status, 303, await granted.clone().text());

  // The same mode with the file's operations only: the console's sign-in is refused.
  plain = await startGatewayHarness(database!.db, { gatewayOptions: { persistedOperations: new Map([[persistedOperationId(CLUES), CLUES]]) } });
  const refused = await signIn(plain.gateway);
  assert.notEqual(refused.response.status, 303);
  assert.equal(refused.cookie, undefined);
});

test('a manifest that is not an object of id → document stops the start with every problem named', async () => {
  const bad = join(folder, 'bad.json');
  writeFileSync(bad, JSON.stringify({ 'ok-1': '{ __typename }', 'bad id with spaces': '{ __typename }', empty: '', number: 7 }));
  await assert.rejects(loadPersistedOperations(bad), (error: unknown) => error instanceof ConfigError && error.problems.length === 3);
  writeFileSync(bad, '["{ __typename }"]');
  await assert.rejects(loadPersistedOperations(bad), /JSON object of id → GraphQL document/);
  await assert.rejects(loadPersistedOperations(join(folder, 'missing.json')), ConfigError);
});
