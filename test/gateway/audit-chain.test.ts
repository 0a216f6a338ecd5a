import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { asc, sql } from 'drizzle-orm';
import { auditLogTable } from '../../schema/tables.ts';
import { seededGatewayFixture } from '../support/gateway-harness.ts';
import { seedPeople } from '../support/gateway-seed.ts';
import { childLogEnv, keepChildLog } from '../support/test-log.ts';

// The chain the gateway writes, verified through GraphQL and through `npm run audit:verify`,
// before and after someone alters one row directly in the database.

const fixture = seededGatewayFixture();

const VERIFY = '{ verifyAuditChain { ok checked head { seq } firstBroken { seq reason } } }';

async function auditVerifyCommand(): Promise<{ code: number; stdout: string }> {
  const cli = new URL('../../hub/cli.ts', import.meta.url).pathname;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'audit-verify'], { env: { ...process.env, DATABASE_URL: fixture.database.url, ...childLogEnv('silent') } });
    keepChildLog('hub-audit-verify', stderr);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    keepChildLog('hub-audit-verify', failed.stderr);
    return { code: failed.code, stdout: failed.stdout };
  }
}

test('unmasked reads build a chain that verifies; one altered row is pointed at exactly', async () => {
  const reader = await fixture.hub.tokenFor('police:510000', ['result:read', 'identity:read', 'identity:photo']);
  for (const person of seedPeople.slice(0, 3)) {
    const { body } = await fixture.hub.query(`query($id: String!) { person(idNumber: $id, purpose: { basis: JOINT_ENFORCEMENT, reference: "联-7" }) { records { person { idNumber name } photo } } }`, { token: reader, variables: { id: person.idNumber } });
    assert.equal(body.errors, undefined);
  }
  const entries = await fixture.database.db.select().from(auditLogTable).orderBy(asc(auditLogTable.seq));
  assert.equal(entries.length, 9, 'ID number, name and photo of three records');

  const steward = await fixture.hub.tokenFor('health:510000', ['steward']);
  assert.deepEqual((await fixture.hub.query(VERIFY, { token: steward })).body, { data: { verifyAuditChain: { ok: true, checked: 9, head: { seq: 9 }, firstBroken: null } } });
  const intact = await auditVerifyCommand();
  assert.equal(intact.code, 0);
  assert.match(intact.stdout, /intact: 9 entries/);

  // Someone with database rights covers their tracks: entry 5 now names another purpose.
  await fixture.database.db.execute(sql`alter table audit_log disable trigger audit_log_append_only`);
  await fixture.database.db.execute(sql`update audit_log set purpose_reference = '无' where seq = 5`);
  await fixture.database.db.execute(sql`alter table audit_log enable trigger audit_log_append_only`);

  assert.deepEqual((await fixture.hub.query(VERIFY, { token: steward })).body, { data: { verifyAuditChain: { ok: false, checked: 4, head: { seq: 4 }, firstBroken: { seq: 5, reason: 'HASH_MISMATCH' } } } });
  const broken = await auditVerifyCommand();
  assert.equal(broken.code, 1);
  assert.match(broken.stdout, /BROKEN at entry #5/);
});

test('the audit log cannot be changed through the database without disabling its trigger', async () => {
  await assert.rejects(fixture.database.db.execute(sql`delete from audit_log where seq = 1`), (error: unknown) => /append-only/.test(String((error as { cause?: unknown }).cause ?? error)));
});

test('only stewards verify the chain', async () => {
  const token = await fixture.hub.tokenFor('police:510181', ['clue:read', 'result:read', 'identity:read']);
  const { body } = await fixture.hub.query(VERIFY, { token });
  assert.deepEqual(body.errors?.map((e) => e.extensions?.code), ['FORBIDDEN']);
  assert.deepEqual(body.data, { verifyAuditChain: null });
});
