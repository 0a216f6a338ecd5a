import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAccessPolicyCache } from '../../gateway/access/access-policy.ts';
import type { Caller } from '../../gateway/auth/caller.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { accessGrantsTable, agencySuspensionsTable } from '../../schema/tables/stewardship.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { testLogger } from '../support/test-log.ts';

// The per-replica policy cache on real PostgreSQL, with its clock frozen and its timer effectively off
// (pollMs of an hour): what it serves, when it reloads, and that it refuses rather than serve a policy
// it cannot confirm.

const HOUR = 3_600_000;
const quiet = testLogger('gateway');
const police: Caller = { subject: 'officer-1', agency: 'police:310104', department: 'police', region: '310104', scopes: new Set(['clue:read']), expiresAt: new Date(Date.now() + HOUR) };
let database: TestDatabase;
before(async () => (database = await createTestDatabase()));
after(async () => database.drop());

test('a change is served after refresh(); a policy not confirmed for staleAfterMs is refused to callers with a token', async () => {
  let clock = Date.now();
  const cache = await startAccessPolicyCache(database.db, { log: quiet, pollMs: HOUR, staleAfterMs: 5_000, now: () => clock });
  try {
    assert.deepEqual(cache.accessOf(police).regionsFor('clue:read'), ['310104']);
    await database.db.insert(accessGrantsTable).values({ agency: 'police:310104', scope: 'clue:read', regions: ['510181'], basis: '协议', expiresAt: new Date(Date.now() + HOUR), grantedBy: 's', grantedByAgency: 'health:000000' });
    assert.deepEqual(cache.accessOf(police).regionsFor('clue:read'), ['310104'], 'not before a check');
    await cache.refresh();
    assert.deepEqual(cache.accessOf(police).regionsFor('clue:read'), ['310104', '510181']);

    await database.db.insert(agencySuspensionsTable).values({ agency: 'police:310104', reason: '测试', suspendedBy: 's' });
    await cache.changed();
    assert.equal(cache.accessOf(police).suspended, true);

    clock += 5_001;
    assert.throws(() => cache.accessOf(police), (error: { extensions?: { code?: string } }) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
    assert.equal(cache.accessOf(null).has('clue:read'), false, 'anonymous requests (public fields) still answer');
    await cache.refresh();
    assert.equal(cache.accessOf(police).suspended, true, 'confirmed again');
  } finally {
    cache.stop();
  }
});

test("when the database cannot be asked, refresh() rejects, changed() does not (the change is committed; the poll applies it), and the last policy stays until stale", async () => {
  let clock = Date.now();
  const handle = await openDatabase({ driver: 'postgres', url: database.url }, { migrate: false });
  const cache = await startAccessPolicyCache(handle.db, { log: quiet, pollMs: HOUR, staleAfterMs: 5_000, now: () => clock });
  try {
    await handle.close();
    await assert.rejects(cache.refresh());
    await cache.changed();
    clock += 4_000;
    assert.equal(cache.accessOf(police).suspended, true, 'the last policy loaded (the suspension of the test before) still holds');
    clock += 1_001;
    assert.throws(() => cache.accessOf(police), (error: { extensions?: { code?: string } }) => error.extensions?.code === 'SERVICE_UNAVAILABLE');
  } finally {
    cache.stop();
  }
});
