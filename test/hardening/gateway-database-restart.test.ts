import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadOrCreateDevKeys, type DevKeys } from '../../gateway/auth/dev-keys.ts';
import { mintToken } from '../../gateway/auth/mint-token.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { seedGatewayData, seedPeople } from '../support/gateway-seed.ts';
import { startHubProcess, type HubProcess } from '../support/hub-process.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres.ts';
import { waitFor } from '../support/wait-for.ts';

// Issue #6: the gateway while its database is down. A real gateway process (HUB_ROLE=gateway) over a
// PostgreSQL server of this test's own, which the test stops and starts. While it is down every query
// answers SERVICE_UNAVAILABLE (HTTP 503) within a bound, never INTERNAL_SERVER_ERROR, never a hang, and
// /readyz says 503; an audited read returns no unmasked data; a request in flight at the stop gets a
// coded error. Once the server is back the same process answers correctly again, with no restart.

/** Any answer while the database is down comes within this (connections time out after 5 s). */
const ANSWER_BOUND_MS = 7_000;
/** The gateway answers correctly again within this after the server is back. */
const RECOVERY_BOUND_MS = 15_000;
/** The advisory lock key of audit appends (gateway/audit/append-audit.ts): holding it holds every audited read. */
const AUDIT_APPEND_LOCK = 0x687562617564;

let server: PrivatePostgres;
let dataDir: string;
let keys: DevKeys;
let hub: HubProcess;
const person = seedPeople[0]!;

before(async () => {
  server = await startPrivatePostgres();
  const database = await openDatabase({ driver: 'postgres', url: server.url, poolSize: 2 });
  await seedGatewayData(database.db);
  await database.close();
  dataDir = mkdtempSync(join(tmpdir(), 'hub-db-restart-'));
  keys = await loadOrCreateDevKeys(join(dataDir, 'dev-keys'));
  hub = await startHubProcess({ HUB_ROLE: 'gateway', DATABASE_URL: server.url, HUB_DATA_DIR: dataDir });
});

after(async () => {
  hub?.child.kill('SIGKILL');
  await server?.destroy();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  ms: number;
  text: string;
  codes: string[];
  data?: Record<string, any> | null;
}

async function ask(query: string, token?: string, variables?: Record<string, unknown>): Promise<Answer> {
  const started = Date.now();
  const response = await fetch(hub.url!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    // Far past every bound: a hang fails the assertions on `ms`, not the whole test.
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: Record<string, any> | null; errors?: Array<{ extensions?: { code?: string } }> };
  return { status: response.status, ms: Date.now() - started, text, codes: (body.errors ?? []).map((e) => e.extensions?.code ?? '?'), data: body.data };
}

const readyz = async () => (await fetch(hub.url!.replace('/graphql', '/readyz'), { signal: AbortSignal.timeout(30_000) })).status;

const CLUES = '{ clues(first: 5) { totalCount edges { node { clueId } } } }';
const PERSON = `query($id: String!) { person(idNumber: $id, purpose: { basis: CASE_INVESTIGATION, reference: "案-2026-6" }) { identity { idNumber masked } records { recordNo person { idNumber name masked } } } }`;
const PUBLIC = '{ publicPenalties(region: "510181", first: 5) { totalCount } }';

/** Asks `CLUES` one after the other until stopped, keeping every answer with when it was asked. */
function startQueryLoop(token: string) {
  const answers: Array<Answer & { at: number }> = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const at = Date.now();
      try {
        answers.push({ ...(await ask(CLUES, token)), at });
      } catch (error) {
        answers.push({ at, status: 0, ms: Date.now() - at, text: String(error), codes: ['NO_ANSWER'] });
      }
      await sleep(50);
    }
  })();
  return {
    answers,
    since: (at: number) => answers.filter((a) => a.at >= at),
    stop: async () => {
      running = false;
      await done;
    },
  };
}

const isCorrect = (answer: Answer) => answer.status === 200 && answer.codes.length === 0 && answer.data?.clues?.totalCount === 3;
const isUnavailable = (answer: Answer) => answer.status === 503 && answer.codes.length > 0 && answer.codes.every((code) => code === 'SERVICE_UNAVAILABLE');

test('while the database is down the gateway answers SERVICE_UNAVAILABLE within a bound, and recovers on its own when it is back', { timeout: 120_000 }, async (t) => {
  const reader = await mintToken(keys, { agency: 'police:510181', scopes: ['clue:read', 'result:read', 'identity:read'], issuer: 'supervision-hub-dev', audience: 'supervision-hub' });
  assert.ok(isCorrect(await ask(CLUES, reader)), 'the gateway answers before the fault');
  const unmasked = await ask(PERSON, reader, { id: person.idNumber });
  assert.deepEqual(unmasked.codes, [], unmasked.text);
  assert.ok(unmasked.text.includes(person.name), 'an audited read unmasks the name while the audit log can be written');
  assert.equal(await readyz(), 200);

  const loop = startQueryLoop(reader);
  const pid = hub.child.pid;
  const lockHolder = new pg.Client({ connectionString: server.url });
  lockHolder.on('error', () => {}); // the server's stop cuts this connection too
  try {
    // An audited read in flight at the stop: its data is read, and its audit append waits for the lock this test holds.
    await lockHolder.connect();
    await lockHolder.query('select pg_advisory_lock($1)', [AUDIT_APPEND_LOCK]);
    const inFlight = ask(PERSON, reader, { id: person.idNumber });
    await waitFor(
      'the audited read to wait for the audit lock',
      async () => (await lockHolder.query(`select 1 from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory' and pid <> pg_backend_pid()`)).rowCount! > 0,
      10_000,
      50,
    );

    const stoppedAt = Date.now();
    await server.stop();
    const cut = await inFlight;
    t.diagnostic(`in-flight audited read answered ${Date.now() - stoppedAt} ms after the stop began: ${cut.status} ${cut.codes.join(',')}`);
    assert.ok(cut.codes.includes('SERVICE_UNAVAILABLE'), `the read in flight gets a coded error: ${cut.text}`);
    assert.ok(!cut.codes.includes('INTERNAL_SERVER_ERROR'), cut.text);
    assert.ok(!cut.text.includes(person.name) && !cut.text.includes(person.idNumber), `no unmasked data without its audit record: ${cut.text}`);
    assert.ok(Date.now() - stoppedAt < ANSWER_BOUND_MS + 10_000, 'answered, not hung');

    // Down for longer than the access policy's 5 s of grace: both the queries' own failures and the
    // policy's refusal must be coded.
    const downSince = Date.now();
    assert.equal(await readyz(), 503, '/readyz says the replica cannot serve');
    const anonymous = await ask(PUBLIC);
    assert.ok(isUnavailable(anonymous), `a query without a token: ${anonymous.status} ${anonymous.text}`);
    const audited = await ask(PERSON, reader, { id: person.idNumber });
    assert.ok(isUnavailable(audited), `an audited read: ${audited.status} ${audited.text}`);
    assert.ok(!audited.text.includes(person.name) && !audited.text.includes(person.idNumber), 'no unmasked data while the audit log cannot be written');
    await sleep(7_000);
    assert.equal(await readyz(), 503);
    const late = await ask(PERSON, reader, { id: person.idNumber });
    assert.ok(isUnavailable(late) && !late.text.includes(person.name), `an audited read after the policy's grace: ${late.status} ${late.text}`);

    const down = loop.since(downSince);
    assert.ok(down.length >= 10, `the loop kept asking while the database was down (${down.length} answers)`);
    const wrong = down.filter((answer) => !isUnavailable(answer) || answer.ms > ANSWER_BOUND_MS);
    assert.deepEqual(wrong.map((a) => `${a.status} in ${a.ms} ms: ${a.text.slice(0, 300)}`), [], 'every answer while down is SERVICE_UNAVAILABLE (503) within the bound');
    t.diagnostic(`${down.length} answers while down, slowest ${Math.max(...down.map((a) => a.ms))} ms`);

    const restartedAt = Date.now();
    await server.start();
    await waitFor('the same queries to answer correctly again', async () => loop.answers.at(-1)!.at > restartedAt && isCorrect(loop.answers.at(-1)!), RECOVERY_BOUND_MS, 50);
    const recoveredMs = Date.now() - restartedAt;
    t.diagnostic(`answering correctly again ${recoveredMs} ms after the server was back`);
    assert.equal(await readyz(), 200);
    const again = await ask(PERSON, reader, { id: person.idNumber });
    assert.deepEqual(again.codes, [], again.text);
    assert.ok(again.text.includes(person.name), 'audited reads work again (the audit log is written)');
    await sleep(500);
    const afterRecovery = loop.since(Date.now() - 400);
    assert.ok(afterRecovery.length > 0 && afterRecovery.every(isCorrect), 'and keep working');
    assert.equal(hub.child.pid, pid);
    assert.equal(hub.child.exitCode, null, 'the gateway was never restarted');
    assert.equal(hub.child.signalCode, null);
  } finally {
    await loop.stop();
    await lockHolder.end().catch(() => {});
  }

  hub.child.kill('SIGTERM');
  const { code } = await hub.exited;
  assert.equal(code, 0, hub.stderr().slice(-3000));
  assert.doesNotMatch(hub.stderr(), /INTERNAL_SERVER_ERROR|unexpected error answering/);
});
