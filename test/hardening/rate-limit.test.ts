import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { startGatewayHarness, TEST_AUDIENCE, TEST_ISSUER, type GatewayHarness } from '../support/gateway-harness.ts';
import { seedGatewayData } from '../support/gateway-seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Per-agency rate limits on a gateway of this test's own, with a low limit: two requests a second and a
// burst of three per agency, two for all anonymous callers together. Bursts are sent at once, so no
// token comes back while one is being answered.

const CLUES = '{ clues(first: 1) { totalCount } }';
const PUBLIC = '{ publicPenalties(first: 1) { totalCount } }';

let database: TestDatabase | undefined;
let hub: GatewayHarness | undefined;
async function limitedHub(): Promise<GatewayHarness> {
  if (hub) return hub;
  database = await createTestDatabase();
  await seedGatewayData(database.db);
  hub = await startGatewayHarness(database.db, { gatewayOptions: { limits: { rateLimit: { perMinute: 120, burst: 3, anonymousPerMinute: 120, anonymousBurst: 2 } } } });
  return hub;
}
after(async () => {
  hub?.close();
  await database?.drop();
});

async function post(harness: GatewayHarness, query: string, token?: string) {
  const response = await harness.gateway.fetch('http://hub.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

/** Sends `times` requests at once; their answers ordered by status. */
async function burst(harness: GatewayHarness, times: number, query: string, token?: string) {
  const answers = await Promise.all(Array.from({ length: times }, () => post(harness, query, token)));
  return answers.sort((a, b) => a.status - b.status);
}

/** Waits until the anonymous bucket is full again (two a second), for the next test. */
const refill = () => sleep(1_600);

test('an agency past its burst gets 429 RATE_LIMITED with Retry-After; other agencies are unaffected', async () => {
  const harness = await limitedHub();
  const police = await harness.tokenFor('police:510181', ['clue:read']);
  const answers = await burst(harness, 4, CLUES, police);
  assert.deepEqual(answers.slice(0, 3).map((a) => a.status), [200, 200, 200]);
  const refused = answers[3]!;
  assert.equal(refused.status, 429);
  assert.equal(refused.retryAfter, '1', 'whole seconds until a token is there');
  assert.equal(refused.body.data, undefined, 'nothing ran');
  assert.equal(refused.body.errors?.[0]?.extensions?.code, 'RATE_LIMITED');
  assert.equal(refused.body.errors?.[0]?.extensions?.retryAfter, 1);
  assert.match(refused.body.errors?.[0]?.message ?? '', /police:510181.*120 requests a minute/);

  // Another agency, even of the same region, has its own bucket; anonymous callers too.
  const health = await harness.tokenFor('health:510181', ['clue:read']);
  assert.equal((await post(harness, CLUES, health)).status, 200);
  assert.equal((await post(harness, PUBLIC)).status, 200);
  await refill();
});

test('the bucket is the agency, not the officer: another officer of a limited agency waits too', async () => {
  const harness = await limitedHub();
  const first = await mintToken(harness.signer, { agency: 'market:510104', scopes: ['clue:read'], subject: 'officer-1', issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
  const second = await mintToken(harness.signer, { agency: 'market:510104', scopes: ['clue:read'], subject: 'officer-2', issuer: TEST_ISSUER, audience: TEST_AUDIENCE });
  assert.deepEqual((await burst(harness, 3, CLUES, first)).map((a) => a.status), [200, 200, 200]);
  assert.equal((await post(harness, CLUES, second)).status, 429);
  await refill();
});

test('the bucket refills: after Retry-After the agency is answered again', async () => {
  const harness = await limitedHub();
  const tax = await harness.tokenFor('tax:510181', ['credit:read']);
  let refused;
  for (let i = 0; i < 10 && !refused; i++) {
    const answer = await post(harness, PUBLIC, tax);
    if (answer.status === 429) refused = answer;
  }
  assert.ok(refused, 'limited within ten requests');
  await sleep(Number(refused.retryAfter) * 1000);
  const again = await post(harness, PUBLIC, tax);
  assert.equal(again.status, 200);
  assert.equal(again.body.errors, undefined);
  await refill();
});

test('callers without a token share one bucket; a refused token spends none', async () => {
  const harness = await limitedHub();
  assert.deepEqual((await burst(harness, 3, PUBLIC)).map((a) => a.status), [200, 200, 429]);
  // A forged token naming an agency is refused as a token (401) and cannot drain that agency's bucket.
  const police = await harness.tokenFor('police:510104', ['clue:read']);
  const forged = `${police.slice(0, -4)}AAAA`;
  assert.deepEqual([...new Set((await burst(harness, 5, CLUES, forged)).map((a) => a.status))], [401]);
  assert.deepEqual((await burst(harness, 3, CLUES, police)).map((a) => a.status), [200, 200, 200]);
  await refill();
});

test('a gateway with the default limits answers a burst of hundreds of requests from one agency', async () => {
  // The defaults (3,000 a minute, burst 600) never get in the way of the test suite or a busy agency.
  const defaults = await startGatewayHarness((await limitedHub(), database!.db));
  try {
    const token = await defaults.tokenFor('police:510181', ['clue:read']);
    const statuses = await Promise.all(Array.from({ length: 300 }, () => post(defaults, CLUES, token).then((a) => a.status)));
    assert.deepEqual([...new Set(statuses)], [200]);
  } finally {
    defaults.close();
  }
});
