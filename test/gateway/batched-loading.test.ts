import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '../../schema/db/database.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { cluesTable, institutionsTable, penaltiesTable } from '../../schema/tables.ts';
import { demoUscc } from '../../hub/demo/demo-directory.ts';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// A page of subjects costs a handful of SQL statements, whatever the page size: one per list, not one per row.

let database: TestDatabase;
let counted: DatabaseHandle;
let hub: GatewayHarness;
let statements: string[] = [];

before(async () => {
  database = await createTestDatabase();
  const provenance = (n: number) => ({ region: '510181', eventSource: '/health/510181/test', eventId: `evt-${n}`, eventTime: new Date(Date.UTC(2026, 9, 1, 0, n)) });
  const usccs = Array.from({ length: 60 }, (_, n) => demoUscc('510181', n + 1));
  await database.db.insert(institutionsTable).values(usccs.map((uscc, n) => ({ uscc, name: `机构${n}`, kind: 'CLINIC', ownership: 'PRIVATE', licenseNo: `L${n}`, institutionRegion: '510181', address: '-', ...provenance(n) })));
  const subject = (uscc: string) => ({ subjectKind: 'institution' as const, subjectUscc: uscc, subjectIdNumber: null, subjectName: null });
  await database.db.insert(cluesTable).values(usccs.map((uscc, n) => ({ department: 'health', clueId: `C${n}`, ...subject(uscc), violationCode: 'X', category: 'OTHER', summary: '-', channel: 'WEB', targetDepartments: [], ...provenance(n) })));
  await database.db.insert(penaltiesTable).values(usccs.map((uscc, n) => ({ department: 'health', decisionNo: `D${n}`, resultKind: 'PENALTY' as const, ...subject(uscc), violationCode: 'X', category: 'OTHER', penaltyKinds: [], amountYuan: '1.00', decidedAt: new Date(), publish: true, basis: null, ...provenance(n) })));
  // The access-policy poll shares the handle; its version check is the replica's, not the request's.
  counted = await openDatabase({ driver: 'postgres', url: database.url, poolSize: 2, onQuery: (sqlText) => void (sqlText.includes('"access_policy_version"') || statements.push(sqlText)) }, { migrate: false });
  hub = await startGatewayHarness(counted.db, { audit: { append: async () => {} } });
});
after(async () => {
  hub.close();
  await counted.close();
  await database.drop();
});

const pageOfSubjects = (first: number) => `{
  clues(first: ${first}) { edges { node { clueId subject {
    institution { name }
    clues { clueId } results { decisionNo } scoreRecords { points } insuranceAgreements { status }
    insuranceAlerts { alertId } taxRating { rating } policeRecords { recordNo }
  } } } }
}`;

test('50 clues with their subjects across all departments cost one statement per list, as 5 do', async () => {
  const token = await hub.tokenFor('health:510181', ['clue:read', 'result:read', 'credit:read']);
  const costOf = async (first: number) => {
    statements = [];
    const { body } = await hub.query(pageOfSubjects(first), { token });
    assert.equal(body.errors, undefined);
    assert.equal((body.data as { clues: { edges: unknown[] } }).clues.edges.length, first);
    return statements.length;
  };
  const five = await costOf(5);
  const fifty = await costOf(50);
  assert.equal(fifty, five, 'the statement count does not grow with the page');
  // the page, the directory, and one per list: clues, results, scores, agreements, alerts, tax, police records
  assert.ok(fifty <= 9, `${fifty} statements: ${statements.join('\n')}`);
});

test("a subject's lists hold its newest 50, looked up alone or with a page of others", async () => {
  const uscc = demoUscc('510181', 1);
  const token = await hub.tokenFor('health:510181', ['clue:read']);
  const provenance = (n: number) => ({ region: '510181', eventSource: '/health/510181/test', eventId: `many-${n}`, eventTime: new Date(Date.UTC(2026, 10, 1, 0, n)) });
  await database.db.insert(cluesTable).values(Array.from({ length: 55 }, (_, n) => ({ department: 'health', clueId: `MANY-${n}`, subjectKind: 'institution' as const, subjectUscc: uscc, subjectIdNumber: null, subjectName: null, violationCode: 'X', category: 'OTHER', summary: '-', channel: 'WEB', targetDepartments: [], ...provenance(n) })));
  const newest = Array.from({ length: 50 }, (_, n) => `MANY-${54 - n}`);

  const alone = await hub.query(`{ subject(uscc: "${uscc}") { clues { clueId } } }`, { token });
  assert.deepEqual((alone.body.data as { subject: { clues: Array<{ clueId: string }> } }).subject.clues.map((c) => c.clueId), newest);

  const withOthers = await hub.query(`{ a: subject(uscc: "${uscc}") { clues { clueId } } b: subject(uscc: "${demoUscc('510181', 2)}") { clues { clueId } } }`, { token });
  const data = withOthers.body.data as Record<'a' | 'b', { clues: Array<{ clueId: string }> }>;
  assert.deepEqual(data.a.clues.map((c) => c.clueId), newest);
  assert.deepEqual(data.b.clues.map((c) => c.clueId), ['C1']);
});

test('keyset pages never skip or repeat rows that share a millisecond', async () => {
  const token = await hub.tokenFor('health:510181', ['clue:read']);
  const base = { department: 'police', subjectKind: 'institution' as const, subjectUscc: demoUscc('510181', 3), subjectIdNumber: null, subjectName: null, violationCode: 'X', category: 'SCALPER', summary: '-', channel: 'WEB', targetDepartments: [], region: '510181', eventSource: '/police/510181/test' };
  const inserted = await database.db
    .insert(cluesTable)
    .values(['a', 'b', 'c'].map((suffix) => ({ ...base, clueId: `SAME-MS-${suffix}`, eventId: `same-ms-${suffix}`, eventTime: new Date('2026-12-01T00:00:00.001Z') })))
    .returning({ id: cluesTable.id });
  // The newest id gets the earliest microsecond: time order and id order disagree inside the millisecond.
  for (const [index, { id }] of inserted.entries()) await database.db.execute(sql`update clues set event_time = event_time + make_interval(secs => ${(900 - index * 400) / 1_000_000}) where id = ${id}`);

  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const { body } = await hub.query('query($after: String) { clues(first: 1, after: $after, filter: { category: SCALPER }) { edges { node { clueId } } pageInfo { hasNextPage endCursor } } }', { token, variables: { after } });
    const clues = (body.data as { clues: { edges: Array<{ node: { clueId: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }).clues;
    seen.push(...clues.edges.map((e) => e.node.clueId));
    if (!clues.pageInfo.hasNextPage) break;
    after = clues.pageInfo.endCursor;
  }
  assert.deepEqual(seen, ['SAME-MS-a', 'SAME-MS-b', 'SAME-MS-c']);
});
