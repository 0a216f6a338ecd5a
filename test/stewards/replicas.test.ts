import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadOrCreateDevKeys, type DevKeys } from '../../gateway/auth/dev-keys.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { seedGatewayData } from '../support/gateway-seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { captureChildLog, childLogEnv } from '../support/test-log.ts';
import { waitFor } from '../support/wait-for.ts';

// Two gateway processes (HUB_ROLE=gateway) over one PostgreSQL database, as two replicas behind a
// load balancer: a steward's change made on one applies on the other within one second, to a token
// issued before the change and still valid.

const LIMIT_MS = 1_000;

interface Replica {
  url: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

let database: TestDatabase;
let dataDir: string;
let keys: DevKeys;
const replicas: Replica[] = [];

async function startReplica(): Promise<Replica> {
  const cli = new URL('../../hub/cli.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', cli, 'start'], {
    env: { ...process.env, HUB_ROLE: 'gateway', DATABASE_URL: database.url, PORT: '0', HUB_DATA_DIR: dataDir, ...childLogEnv() },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  captureChildLog(child, 'hub-replica');
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await waitFor('the gateway URL on stderr', async () => /GraphQL: (http:\/\/127\.0\.0\.1:\d+\/graphql)/.exec(stderr)?.[1], 60_000);
  return { url, process: child, exited };
}

before(async () => {
  database = await createTestDatabase();
  await seedGatewayData(database.db);
  dataDir = mkdtempSync(join(tmpdir(), 'hub-replicas-'));
  // Both replicas trust the same key pair, as they would trust one JWKS in production.
  keys = await loadOrCreateDevKeys(join(dataDir, 'dev-keys'));
  replicas.push(await startReplica(), await startReplica());
});

after(async () => {
  for (const replica of replicas) replica.process.kill('SIGINT');
  for (const replica of replicas) assert.equal(await replica.exited, 0);
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const token = (agency: string, scopes: string[]) => mintToken(keys, { agency, scopes: scopes as never, issuer: 'supervision-hub-dev', audience: 'supervision-hub' });

async function ask(replica: Replica, bearer: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(replica.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, any>; errors?: Array<{ extensions?: { code?: string } }> } };
}

/** Asks `replica` until `done` holds, and returns how long that took from `since`. */
async function millisUntil(replica: Replica, bearer: string, done: (result: Awaited<ReturnType<typeof ask>>) => boolean, since: number): Promise<number> {
  for (;;) {
    const result = await ask(replica, bearer, '{ clues(first: 1) { totalCount } }');
    if (done(result)) return Date.now() - since;
    if (Date.now() - since > 5 * LIMIT_MS) assert.fail(`still not applied after ${Date.now() - since} ms: ${JSON.stringify(result.body)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a grant, its revocation and a suspension made on one replica apply on the other within one second, for a token issued before', { timeout: 90_000 }, async (t) => {
  const [a, b] = replicas as [Replica, Replica];
  const steward = await token('health:000000', ['steward']);
  const police = await token('police:310104', ['clue:read']);
  const clueCount = (result: Awaited<ReturnType<typeof ask>>) => result.body.data?.clues?.totalCount as number | undefined;
  const home = clueCount(await ask(b, police, '{ clues(first: 1) { totalCount } }'));
  assert.equal(home, 4, 'Shanghai police see their own region only');

  let since = Date.now();
  const granted = await ask(a, steward, 'mutation($input: GrantAccessInput!) { grantAccess(input: $input) { id } }', {
    input: { agency: 'police:310104', scope: 'CLUE_READ', regions: ['510181'], basis: '跨省线索共享协议', expiresAt: new Date(Date.now() + 3_600_000).toISOString() },
  });
  assert.equal(granted.body.errors, undefined);
  const grantMs = await millisUntil(b, police, (r) => clueCount(r) === 7, since);

  since = Date.now();
  const revoked = await ask(a, steward, 'mutation($id: ID!) { revokeAccess(id: $id) { state } }', { id: granted.body.data!.grantAccess.id });
  assert.equal(revoked.body.errors, undefined);
  const revokeMs = await millisUntil(b, police, (r) => clueCount(r) === 4, since);

  since = Date.now();
  const suspended = await ask(b, steward, 'mutation { suspendAgency(agency: "police:310104", reason: "账号疑似泄露") { id } }');
  assert.equal(suspended.body.errors, undefined);
  const suspendMs = await millisUntil(a, police, (r) => r.status === 403 && r.body.errors?.[0]?.extensions?.code === 'FORBIDDEN', since);

  since = Date.now();
  const restored = await ask(b, steward, 'mutation { restoreAgency(agency: "police:310104") { id } }');
  assert.equal(restored.body.errors, undefined);
  const restoreMs = await millisUntil(a, police, (r) => clueCount(r) === 4, since);

  t.diagnostic(`applied on the other replica after: grant ${grantMs} ms, revoke ${revokeMs} ms, suspend ${suspendMs} ms, restore ${restoreMs} ms`);
  for (const [what, ms] of Object.entries({ grantMs, revokeMs, suspendMs, restoreMs })) assert.ok(ms < LIMIT_MS, `${what}: ${ms} ms`);
});
