import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLogTable } from '../../schema/tables.ts';
import { seededGatewayFixture } from '../support/gateway-harness.ts';

// Steward grants and suspensions through the gateway as production wires it, on real PostgreSQL:
// effective access = token scopes ∩ (home jurisdiction ∪ grants in force), and a suspended agency gets nothing.

const fixture = seededGatewayFixture();
const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

const GRANT = `mutation Grant($input: GrantAccessInput!) { grantAccess(input: $input) { id agency scope regions basis state grantedBy } }`;
const REVOKE = `mutation Revoke($id: ID!) { revokeAccess(id: $id) { id state revokedBy } }`;

async function clueRegions(token: string): Promise<string[]> {
  const { body } = await fixture.hub.query('{ clues(first: 100) { totalCount edges { node { region } } } }', { token });
  assert.deepEqual(body.errors, undefined);
  const clues = (body.data as { clues: { totalCount: number; edges: Array<{ node: { region: string } }> } }).clues;
  assert.equal(clues.totalCount, clues.edges.length, 'the count agrees with the rows');
  return [...new Set(clues.edges.map((e) => e.node.region))].sort();
}

describe('grants', () => {
  test('a national steward grants Shanghai police the clues of 都江堰; they appear at once, with the basis audited, and vanish on revocation', async () => {
    const steward = await fixture.hub.tokenFor('health:000000', ['steward']);
    const police = await fixture.hub.tokenFor('police:310104', ['clue:read']);
    assert.deepEqual(await clueRegions(police), ['310104']);

    const granted = await fixture.hub.query(GRANT, { token: steward, variables: { input: { agency: 'police:310104', scope: 'CLUE_READ', regions: ['510181'], basis: '长三角—成渝线索共享协议 2026-07 号', expiresAt: inAnHour() } } });
    assert.deepEqual(granted.body.errors, undefined);
    const grant = (granted.body.data as { grantAccess: { id: string; state: string; grantedBy: string; regions: string[] } }).grantAccess;
    assert.equal(grant.state, 'ACTIVE');
    assert.deepEqual(grant.regions, ['510181']);
    assert.deepEqual(await clueRegions(police), ['310104', '510181']);

    const [entry] = await fixture.database.db.select().from(auditLogTable).where(and(eq(auditLogTable.action, 'STEWARD_CHANGE'), eq(auditLogTable.recordId, `access_grants:${grant.id}`)));
    assert.ok(entry, 'the grant is in the audit log');
    assert.equal(entry.agency, 'health:000000');
    assert.equal(entry.fieldPath, 'grantAccess');
    assert.equal(entry.operation, 'Grant');
    assert.match(JSON.stringify(entry.detail), /长三角—成渝线索共享协议/);

    const listed = await fixture.hub.query('{ grants(agency: "police:310104") { id state basis } }', { token: steward });
    assert.deepEqual((listed.body.data as { grants: Array<{ id: string }> }).grants.map((g) => g.id), [grant.id]);

    const revoked = await fixture.hub.query(REVOKE, { token: steward, variables: { id: grant.id } });
    assert.deepEqual(revoked.body.errors, undefined);
    assert.equal((revoked.body.data as { revokeAccess: { state: string } }).revokeAccess.state, 'REVOKED');
    assert.deepEqual(await clueRegions(police), ['310104'], 'the same token no longer reaches 510181');
    const again = await fixture.hub.query(REVOKE, { token: steward, variables: { id: grant.id } });
    assert.deepEqual(codes(again.body), ['BAD_USER_INPUT']);
    const inactive = await fixture.hub.query('{ grants(agency: "police:310104", includeInactive: true) { id state } }', { token: steward });
    assert.deepEqual((inactive.body.data as { grants: Array<{ state: string }> }).grants.map((g) => g.state), ['REVOKED']);
  });

  test('a grant widens regions for a scope the token carries, never adds a scope', async () => {
    const steward = await fixture.hub.tokenFor('health:510000', ['steward']);
    const granted = await fixture.hub.query(GRANT, { token: steward, variables: { input: { agency: 'market:510104', scope: 'RESULT_READ', regions: ['511002'], basis: '省内联合执法协议', expiresAt: inAnHour() } } });
    assert.deepEqual(granted.body.errors, undefined);
    const withoutScope = await fixture.hub.tokenFor('market:510104', ['clue:read']);
    const refused = await fixture.hub.query('{ results(first: 5) { totalCount } }', { token: withoutScope });
    assert.deepEqual(codes(refused.body), ['FORBIDDEN']);
    const withScope = await fixture.hub.tokenFor('market:510104', ['result:read']);
    const { body } = await fixture.hub.query('{ results(first: 100) { totalCount edges { node { region } } } }', { token: withScope });
    const regions = new Set((body.data as { results: { edges: Array<{ node: { region: string } }> } }).results.edges.map((e) => e.node.region));
    assert.deepEqual([...regions].sort(), ['510104', '511002']);
  });

  test("a provincial steward acts within its province only; cross-province grants need a steward covering both", async () => {
    const sichuan = await fixture.hub.tokenFor('health:510000', ['steward']);
    for (const input of [
      { agency: 'police:310104', regions: ['510181'] },
      { agency: 'police:510181', regions: ['310104'] },
      { agency: 'police:510181', regions: ['000000'] },
    ]) {
      const { body } = await fixture.hub.query(GRANT, { token: sichuan, variables: { input: { ...input, scope: 'CLUE_READ', basis: '跨省协查', expiresAt: inAnHour() } } });
      assert.deepEqual(codes(body), ['FORBIDDEN'], JSON.stringify(input));
    }
    const count = await fixture.database.db.$count(auditLogTable, eq(auditLogTable.action, 'STEWARD_CHANGE'));
    const refusedSuspend = await fixture.hub.query('mutation { suspendAgency(agency: "police:310104", reason: "越权测试") { id } }', { token: sichuan });
    assert.deepEqual(codes(refusedSuspend.body), ['FORBIDDEN']);
    assert.equal(await fixture.database.db.$count(auditLogTable, eq(auditLogTable.action, 'STEWARD_CHANGE')), count, 'a refused change writes nothing');
  });

  test('bad grant input is refused with the argument named', async () => {
    const steward = await fixture.hub.tokenFor('health:000000', ['steward']);
    const base = { agency: 'police:510181', scope: 'CLUE_READ', regions: ['510104'], basis: '协作协议', expiresAt: inAnHour() };
    for (const [patch, argument] of [
      [{ agency: 'police-510181' }, 'input.agency'],
      [{ regions: [] }, 'input.regions'],
      [{ regions: ['123'] }, 'input.regions'],
      [{ basis: ' ' }, 'input.basis'],
      [{ expiresAt: new Date(Date.now() - 1000).toISOString() }, 'input.expiresAt'],
    ] as const) {
      const { body } = await fixture.hub.query(GRANT, { token: steward, variables: { input: { ...base, ...patch } } });
      assert.deepEqual(codes(body), ['BAD_USER_INPUT'], JSON.stringify(patch));
      assert.equal(body.errors?.[0]?.extensions?.argument, argument);
    }
    const stewardScope = await fixture.hub.query(GRANT, { token: steward, variables: { input: { ...base, scope: 'STEWARD' } } });
    assert.deepEqual(codes(stewardScope.body), ['BAD_USER_INPUT'], 'the steward scope is no GrantScope: stewards are appointed by token');
    assert.match(stewardScope.body.errors?.[0]?.message ?? '', /STEWARD/);
  });

  test('an expired grant stops working at its expiry without anyone acting', async () => {
    const steward = await fixture.hub.tokenFor('health:000000', ['steward']);
    const police = await fixture.hub.tokenFor('police:511002', ['clue:read']);
    const expiresAt = new Date(Date.now() + 1_500);
    const granted = await fixture.hub.query(GRANT, { token: steward, variables: { input: { agency: 'police:511002', scope: 'CLUE_READ', regions: ['510104'], basis: '临时协查', expiresAt: expiresAt.toISOString() } } });
    assert.deepEqual(granted.body.errors, undefined);
    assert.deepEqual(await clueRegions(police), ['510104', '511002']);
    await sleep(expiresAt.getTime() - Date.now() + 50);
    assert.deepEqual(await clueRegions(police), ['511002']);
    const { body } = await fixture.hub.query('{ grants(agency: "police:511002", includeInactive: true) { state } }', { token: steward });
    assert.deepEqual((body.data as { grants: Array<{ state: string }> }).grants.map((g) => g.state), ['EXPIRED']);
  });
});

describe('suspension', () => {
  test('a suspended agency gets FORBIDDEN on everything, whatever its token says, until restored', async () => {
    const steward = await fixture.hub.tokenFor('health:510100', ['steward']);
    const token = await fixture.hub.tokenFor('police:510104', ['clue:read', 'result:read', 'identity:read']);
    const other = await fixture.hub.tokenFor('health:510104', ['clue:read']);
    assert.deepEqual(await clueRegions(token), ['510104']);

    const suspended = await fixture.hub.query('mutation { suspendAgency(agency: "police:510104", reason: "涉嫌违规查询个人信息") { agency reason suspendedBy restoredAt } }', { token: steward });
    assert.deepEqual(suspended.body.errors, undefined);
    for (const document of ['{ clues(first: 1) { totalCount } }', '{ publicPenalties(region: "510104", first: 1) { totalCount } }', '{ __typename }']) {
      const { status, body } = await fixture.hub.query(document, { token });
      assert.equal(status, 403, document);
      assert.deepEqual(codes(body), ['FORBIDDEN'], document);
      assert.equal(body.data, undefined, document);
    }
    assert.deepEqual(await clueRegions(other), ['510104'], 'another department of the same region is unaffected');
    const twice = await fixture.hub.query('mutation { suspendAgency(agency: "police:510104", reason: "重复") { id } }', { token: steward });
    assert.deepEqual(codes(twice.body), ['BAD_USER_INPUT']);
    const listed = await fixture.hub.query('{ suspensions { agency reason } }', { token: steward });
    assert.deepEqual((listed.body.data as { suspensions: Array<{ agency: string }> }).suspensions.map((s) => s.agency), ['police:510104']);

    const restored = await fixture.hub.query('mutation { restoreAgency(agency: "police:510104") { restoredAt restoredBy } }', { token: steward });
    assert.deepEqual(restored.body.errors, undefined);
    assert.deepEqual(await clueRegions(token), ['510104']);
    const notSuspended = await fixture.hub.query('mutation { restoreAgency(agency: "police:510104") { id } }', { token: steward });
    assert.deepEqual(codes(notSuspended.body), ['NOT_FOUND']);
    const actions = await fixture.database.db.select({ fieldPath: auditLogTable.fieldPath }).from(auditLogTable).where(eq(auditLogTable.agency, 'health:510100'));
    assert.deepEqual(actions.map((a) => a.fieldPath), ['suspendAgency', 'restoreAgency']);
  });
});

describe('only stewards', () => {
  test('a non-steward token gets FORBIDDEN on every grant and suspension query and mutation; no token gets UNAUTHENTICATED', async () => {
    const officer = await fixture.hub.tokenFor('health:000000', ['clue:read', 'result:read', 'credit:read', 'identity:read', 'identity:photo', 'inspection:draw', 'clue:write']);
    const documents = [
      '{ grants { id } }',
      '{ suspensions { id } }',
      `mutation { grantAccess(input: { agency: "police:510181", scope: CLUE_READ, regions: ["510104"], basis: "自行授权", expiresAt: "${inAnHour()}" }) { id } }`,
      'mutation { revokeAccess(id: "1") { id } }',
      'mutation { suspendAgency(agency: "police:510181", reason: "越权") { id } }',
      'mutation { restoreAgency(agency: "police:510181") { id } }',
    ];
    for (const document of documents) {
      assert.deepEqual(codes((await fixture.hub.query(document, { token: officer })).body), ['FORBIDDEN'], document);
      assert.deepEqual(codes((await fixture.hub.query(document)).body), ['UNAUTHENTICATED'], document);
    }
  });
});
