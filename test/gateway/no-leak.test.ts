import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Scope } from '../../gateway/auth/caller.ts';
import { gatewaySchema } from '../../gateway/schema/index.ts';
import { regionCovers } from '../../schema/identifiers/index.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';
import { seededGatewayFixture, startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { seedCounts, seedDeadLetters, seededClueCount, seedInstitutions, seedPeople, seedRegions } from '../support/gateway-seed.ts';
import { generateQueryShapes, type QueryShape } from '../support/query-shapes.ts';

// No leak, by construction: every query shape the schema allows (see query-shapes.ts) × scope sets ×
// home regions, over the seeded data set. The oracle looks at the whole response text — data,
// aliases, counts and error messages — for unmasked personal data and for rows of regions the caller
// does not cover.

const PURPOSE = '{ basis: CASE_INVESTIGATION, reference: "案-2026-001" }';
const [home, , , shanghai] = seedPeople;
const nearMissIdNumber = home!.idNumber.slice(0, 17) + (home!.idNumber.endsWith('0') ? '1' : '0');

const samples = {
  idNumber: [undefined, `"${home!.idNumber}"`, `"${shanghai!.idNumber}"`, `"${nearMissIdNumber}"`],
  uscc: [undefined, `"${seedInstitutions[0]!.uscc}"`, `"${seedInstitutions[3]!.uscc}"`],
  purpose: [undefined, PURPOSE],
  first: ['100'],
  // A filter naming a region never widens the jurisdiction: another province, and a province above the caller.
  filter: [undefined, '{ region: "310104" }', '{ region: "510000" }'],
  region: [undefined, '"510100"'],
  // The audit log's filter has no region: it names whose data was read, or another province's agency.
  'auditLog.filter': [undefined, `{ idNumber: "${home!.idNumber}" }`, '{ agency: "health:310104" }'],
};

const scopeSets: Array<Scope[] | 'anonymous'> = [
  'anonymous',
  [],
  ['clue:read'],
  ['result:read', 'credit:read'],
  ['clue:read', 'result:read', 'credit:read', 'identity:read'],
  ['result:read', 'identity:photo'],
  ['clue:read', 'clue:write', 'result:read', 'credit:read', 'identity:read', 'identity:photo', 'inspection:draw', 'steward'],
];
const homeRegions = ['510181', '510100', '510000', '310104'];

// With dead letters: police events naming the seeded people in full, so the sweep sees what `event` makes of them.
const fixture = seededGatewayFixture({ deadLetters: true });

interface Caller {
  label: string;
  token?: string;
  scopes: ReadonlySet<Scope>;
  region: string | null;
}

/** The person a shape's purpose applies to: only they may appear unmasked, and only with identity:read. */
function unmaskablePerson(shape: QueryShape): string | null {
  return shape.args.purpose && shape.args.idNumber ? JSON.parse(shape.args.idNumber) : null;
}

function findLeaks(caller: Caller, shape: QueryShape, text: string): string[] {
  const leaks: string[] = [];
  const target = unmaskablePerson(shape);
  for (const person of seedPeople) {
    const isTarget = target === person.idNumber;
    const mayUnmask = isTarget && caller.scopes.has('identity:read');
    if (!mayUnmask && text.includes(person.idNumber)) leaks.push(`unmasked ID number of ${person.region}`);
    if (!mayUnmask && text.includes(person.name)) leaks.push(`unmasked name of ${person.region}`);
    if (!(isTarget && caller.scopes.has('identity:photo')) && text.includes(person.photoRef)) leaks.push(`photo of ${person.region}`);
  }
  if (shape.field !== 'publicPenalties') {
    for (const region of seedRegions) {
      const covered = caller.region !== null && regionCovers(caller.region, region);
      if (!covered && text.includes(`-${region}-`)) leaks.push(`a row of region ${region}`);
    }
  }
  return leaks;
}

/**
 * The audit entries a steward may count, worked out here from the rows themselves: those whose
 * agency's region, or whose steward's region, it covers, narrowed by the shape's filter. Reading
 * the log writes nothing to it, so the rows read before the request are the rows it counts.
 */
async function expectedAuditTotal(caller: Caller, shape: QueryShape): Promise<number | null> {
  if (caller.region === null || !caller.scopes.has('steward')) return null;
  const rows = await fixture.database.db.select({ agency: auditLogTable.agency, subjectIdNumber: auditLogTable.subjectIdNumber, detail: auditLogTable.detail }).from(auditLogTable);
  const idNumber = /idNumber: "(\w+)"/.exec(shape.args.filter ?? '')?.[1];
  const agency = /agency: "([\w:]+)"/.exec(shape.args.filter ?? '')?.[1];
  const covers = (region: string | undefined) => region !== undefined && regionCovers(caller.region!, region);
  return rows.filter(
    (row) =>
      (covers(/^[a-z]+:(\d{6})$/.exec(row.agency)?.[1]) || covers((row.detail as { stewardRegion?: string } | null)?.stewardRegion)) &&
      (idNumber === undefined || row.subjectIdNumber === idNumber) &&
      (agency === undefined || row.agency === agency),
  ).length;
}

async function expectedTotal(caller: Caller, shape: QueryShape): Promise<number | null> {
  if (shape.field === 'auditLog') return expectedAuditTotal(caller, shape);
  // A steward counts the dead letters whose source names a region it covers (none without one); anyone else gets no count at all.
  if (shape.field === 'deadLetters') {
    if (caller.region === null || !caller.scopes.has('steward')) return null;
    return seedDeadLetters.filter((letter) => letter.region !== null && regionCovers(caller.region!, letter.region)).length;
  }
  const filterRegion = shape.args.region ? (JSON.parse(shape.args.region) as string) : (/region: "(\d{6})"/.exec(shape.args.filter ?? '')?.[1] ?? '000000');
  const within = (region: string) => regionCovers(filterRegion, region);
  const covered = (scope: Scope) => seedRegions.filter((region) => caller.region !== null && caller.scopes.has(scope) && regionCovers(caller.region, region) && within(region));
  if (shape.field === 'clues') return covered('clue:read').reduce((sum, region) => sum + seededClueCount(region), 0);
  if (shape.field === 'results') return covered('result:read').length * seedCounts.results;
  if (shape.field === 'publicPenalties') return seedRegions.filter(within).length * seedCounts.publishedPenalties;
  return null;
}

async function callersOf(harness: GatewayHarness): Promise<Caller[]> {
  const callers: Caller[] = [];
  for (const scopes of scopeSets) {
    if (scopes === 'anonymous') {
      callers.push({ label: 'anonymous', scopes: new Set(), region: null });
      continue;
    }
    for (const region of homeRegions) {
      callers.push({ label: `${region} [${scopes.join(' ')}]`, token: await harness.tokenFor(`health:${region}`, scopes), scopes: new Set(scopes), region: scopes.length > 0 ? region : null });
    }
  }
  return callers;
}

/** Runs every shape for every caller; returns what the oracle found and how many responses carried permitted unmasked data. */
async function sweep(harness: GatewayHarness, shapes: QueryShape[]): Promise<{ leaks: string[]; requests: number; unmaskedResponses: number; blindCallers: string[] }> {
  const leaks: string[] = [];
  const blindCallers: string[] = [];
  let requests = 0;
  let unmaskedResponses = 0;
  for (const caller of await callersOf(harness)) {
    let sawOwnRows = false;
    for (const shape of shapes) {
      const total = await expectedTotal(caller, shape);
      const { body } = await harness.query(shape.document, { token: caller.token });
      requests += 1;
      const text = JSON.stringify(body);
      const target = unmaskablePerson(shape);
      if (target && text.includes(target) && caller.scopes.has('identity:read')) unmaskedResponses += 1;
      for (const leak of findLeaks(caller, shape, text)) leaks.push(`${caller.label} ${shape.form} ${shape.field}(${JSON.stringify(shape.args)}): ${leak}`);
      for (const error of body.errors ?? []) {
        if (!['FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT'].includes(error.extensions?.code ?? '')) leaks.push(`${caller.label} ${shape.form} ${shape.field}: unexpected ${error.extensions?.code} ${error.message}`);
      }
      const counts = Object.values(body.data ?? {}).map((value) => (value as { totalCount?: number } | null)?.totalCount).filter((n) => n !== undefined);
      for (const count of counts) if (count !== total) leaks.push(`${caller.label} ${shape.form} ${shape.field}: totalCount ${count}, expected ${total}`);
      if (shape.field !== 'publicPenalties' && seedRegions.some((region) => caller.region !== null && regionCovers(caller.region, region) && text.includes(`-${region}-`))) sawOwnRows = true;
    }
    const readsRows = ['clue:read', 'result:read', 'credit:read'].some((scope) => caller.scopes.has(scope as Scope));
    if (readsRows && !sawOwnRows) blindCallers.push(caller.label);
  }
  return { leaks, requests, unmaskedResponses, blindCallers };
}

const shapes = generateQueryShapes(gatewaySchema(), samples);

test('the shapes come from the schema: every root query field, with connections, counts and nested subjects', () => {
  const roots = Object.keys(gatewaySchema().getQueryType()!.getFields()).sort();
  assert.deepEqual([...new Set(shapes.map((s) => s.field))].sort(), roots);
  assert.ok(shapes.some((s) => s.document.includes('totalCount') && s.document.includes('edges') && s.document.includes('cursor')));
  assert.ok(shapes.some((s) => s.field === 'clues' && s.document.includes('policeRecords') && s.document.includes('photo')), 'clues reach people and photos through subject');
  assert.deepEqual(new Set(shapes.map((s) => s.form)), new Set(['direct', 'aliases', 'fragments']));
});

test('no unmasked personal data and no row outside the effective regions, in any shape the schema allows', async () => {
  const { leaks, requests, unmaskedResponses, blindCallers } = await sweep(fixture.hub, shapes);
  assert.deepEqual(leaks.slice(0, 20), [], `${leaks.length} leaks in ${requests} responses`);
  // The sweep must see real rows, not only nulls: every caller with a read scope saw rows of its own regions.
  assert.deepEqual(blindCallers, []);
  // The oracle must be able to fail: callers who may unmask did get unmasked data.
  assert.ok(unmaskedResponses > 0, 'no response ever carried unmasked data: the shapes or the oracle are broken');
});

test('the oracle would see the seeded dead letters’ personal data and regions, were `event` to return them as stored', () => {
  const steward: Caller = { label: 'steward of 上海', scopes: new Set(['steward']), region: '310104' };
  const shape = shapes.find((candidate) => candidate.field === 'deadLetters')!;
  for (const letter of seedDeadLetters.filter((candidate) => candidate.region !== null && candidate.region !== '310104')) {
    const leaks = findLeaks(steward, shape, letter.value);
    for (const kind of ['unmasked ID number', 'unmasked name', 'photo of', 'a row of region']) assert.ok(leaks.some((leak) => leak.startsWith(kind)), `${kind} in ${letter.value.slice(0, 60)}`);
  }
});

test('the same sweep finds the leaks of a gateway whose access policy ignores scopes and jurisdictions', async () => {
  const leaky = await startGatewayHarness(fixture.database.db, { accessOf: (caller) => ({ caller, suspended: false, has: () => true, regionsFor: () => ['000000'] }) });
  try {
    const { leaks } = await sweep(leaky, shapes.filter((shape) => shape.form === 'direct'));
    assert.ok(leaks.some((leak) => leak.includes('unmasked ID number')), 'unmasking without identity:read is caught');
    assert.ok(leaks.some((leak) => leak.includes('photo of')), 'photos without identity:photo are caught');
    assert.ok(leaks.some((leak) => leak.includes('a row of region')), 'rows outside the jurisdiction are caught');
    assert.ok(leaks.some((leak) => leak.includes('totalCount')), 'counts over other regions are caught');
  } finally {
    leaky.close();
  }
});
