import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../../schema/db/open-database.ts';
import type { DatabaseHandle } from '../../schema/db/database.ts';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { seedGatewayData } from '../support/gateway-seed.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A request whose SQL cannot finish — the clues table held by another session's exclusive lock — is
// stopped by the gateway's execution timeout, or cancelled by PostgreSQL's statement_timeout, and
// answered with a coded error; the gateway keeps serving everything else, and serves the clues again
// once the lock is gone.

const CLUES = '{ clues(first: 1) { totalCount } }';
const PENALTIES = '{ publicPenalties(first: 1) { totalCount } }';

const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));

let database: TestDatabase | undefined;
const opened: Array<{ close(): Promise<void> | void }> = [];
async function seededDatabase(): Promise<TestDatabase> {
  if (!database) {
    database = await createTestDatabase();
    await seedGatewayData(database.db);
  }
  return database;
}
after(async () => {
  for (const handle of opened.reverse()) await handle.close();
  await database?.drop();
});

/** Another session holding `ACCESS EXCLUSIVE` on clues until released: every read of clues waits for it. */
async function lockClues(url: string): Promise<{ release(): Promise<void> }> {
  const session = new pg.Client({ connectionString: url });
  await session.connect();
  await session.query('begin');
  await session.query('lock table clues in access exclusive mode');
  return {
    async release() {
      await session.query('rollback');
      await session.end();
    },
  };
}

async function timed(harness: GatewayHarness, query: string, token?: string) {
  const started = performance.now();
  const { status, body } = await harness.query(query, { token });
  return { status, body, ms: performance.now() - started };
}

test('the execution timeout stops a request stuck on its SQL: 503 SERVICE_UNAVAILABLE (TIMEOUT), other requests answered', async () => {
  const db = await seededDatabase();
  const harness = await startGatewayHarness(db.db, { gatewayOptions: { limits: { executionTimeoutMs: 300 } } });
  opened.push(harness);
  const token = await harness.tokenFor('health:510181', ['clue:read']);
  assert.equal((await timed(harness, CLUES, token)).status, 200, 'answers while nothing holds the table');

  const lock = await lockClues(db.url);
  try {
    const stuck = await Promise.all([timed(harness, CLUES, token), timed(harness, CLUES, token)]);
    for (const { status, body, ms } of stuck) {
      assert.equal(status, 503);
      assert.equal(body.errors?.[0]?.extensions?.code, 'SERVICE_UNAVAILABLE');
      assert.equal(body.errors?.[0]?.extensions?.reason, 'TIMEOUT');
      assert.match(body.errors?.[0]?.message ?? '', /300 ms/);
      assert.ok(ms >= 250 && ms < 2_000, `stopped after ${Math.round(ms)} ms`);
    }
    // Meanwhile the rest of the schema is served as usual.
    const other = await timed(harness, PENALTIES);
    assert.equal(other.status, 200);
    assert.equal(other.body.errors, undefined);
  } finally {
    await lock.release();
  }
  const recovered = await timed(harness, CLUES, token);
  assert.equal(recovered.status, 200);
  assert.equal(recovered.body.errors, undefined);
});

test("PostgreSQL's statement_timeout cancels the statement: 503 SERVICE_UNAVAILABLE (STATEMENT_TIMEOUT), not an internal error", async () => {
  const db = await seededDatabase();
  // The pool the hub opens for the gateway, with a tiny statement timeout; the execution timeout stays long.
  const handle: DatabaseHandle = await openDatabase({ driver: 'postgres', url: db.url, poolSize: 3, statementTimeoutMs: 200 }, { migrate: false });
  opened.push(handle);
  const harness = await startGatewayHarness(handle.db);
  opened.push(harness);
  const token = await harness.tokenFor('health:510181', ['clue:read']);

  const lock = await lockClues(db.url);
  try {
    const { status, body, ms } = await timed(harness, CLUES, token);
    assert.equal(status, 503, JSON.stringify(body));
    assert.equal(body.errors?.[0]?.extensions?.code, 'SERVICE_UNAVAILABLE');
    assert.equal(body.errors?.[0]?.extensions?.reason, 'STATEMENT_TIMEOUT');
    assert.deepEqual(body.errors?.[0]?.path, ['clues']);
    assert.ok(ms < 2_000, `cancelled after ${Math.round(ms)} ms`);
    assert.equal((await timed(harness, PENALTIES)).status, 200, 'other tables answer on the same pool');
  } finally {
    await lock.release();
  }
  assert.equal((await timed(harness, CLUES, token)).status, 200);
});

test('migrations run without the statement timeout, which then applies again to the pooled connection', async () => {
  const db = await seededDatabase();
  const handle = await openDatabase({ driver: 'postgres', url: db.url, poolSize: 1, statementTimeoutMs: 50 }, { migrate: true });
  opened.push(handle);
  const pool = new pg.Pool({ connectionString: db.url, max: 1 });
  opened.push({ close: () => pool.end() });
  // Hold the migration lock for a moment: the migrating pool waits longer than its statement timeout for it.
  const holder = await pool.connect();
  await holder.query('select pg_advisory_lock($1)', [0x6875626d696772]);
  const migrating = openDatabase({ driver: 'postgres', url: db.url, poolSize: 1, statementTimeoutMs: 50 }, { migrate: true });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await holder.query('select pg_advisory_unlock($1)', [0x6875626d696772]);
  holder.release();
  opened.push(await migrating);
  // query_canceled from the statement timeout, which the migration had switched off on this very connection.
  await assert.rejects(handle.db.execute(sql`select pg_sleep(0.2)`), (error: { code?: string; cause?: { code?: string } }) => (error.cause?.code ?? error.code) === '57014');
});

test('no rejection went unhandled', () => {
  assert.deepEqual(unhandled, []);
});
