import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, count, eq, inArray } from 'drizzle-orm';
import * as t from '../../schema/tables.ts';
import { startGatewayHarness, type GatewayHarness, type GraphQLBody } from '../support/gateway-harness.ts';
import { startIngestHarness, type IngestHarness } from '../support/ingest-harness.ts';
import { kcatPublish } from '../support/kcat.ts';
import { readSampleFeeds, type SampleEvent } from '../support/samples.ts';
import { waitFor } from '../support/wait-for.ts';

// Issue #5, the code-mapping repair loop end to end: events published with kcat carry a health code the
// built-in vocabulary lacks; a steward sees it counted, a national steward maps it, and the stored records follow.

const CODE = 'WJ-XXXX';
const healthFeed = readSampleFeeds()[0]!;
const clue = healthFeed.events.find((e) => e.type === 'health.clue.reported')!;
const penalty = healthFeed.events.find((e) => e.type === 'health.penalty.decided')!;

const clueWith = (n: string, code = CODE): SampleEvent => ({ ...clue, id: `code-map-clue-${n}`, data: { ...clue.data, clueId: `XS-MAP-${n}`, violationCode: code } });
const penaltyWith = (n: string): SampleEvent => ({ ...penalty, id: `code-map-penalty-${n}`, data: { ...penalty.data, decisionNo: `卫医罚〔2027〕M${n}号`, violationCode: CODE } });

const UNMAPPED = `query Unmapped($includeMapped: Boolean) { unmappedCodes(includeMapped: $includeMapped) { department code occurrences firstSeenAt lastSeenAt mapping { version category label mappedBy reclassified } } }`;
const MAP = `mutation MapCode($input: MapCodeInput!) { mapCode(input: $input) { department code version category label mappedBy mappedAt reclassified } }`;
const CLUES = `{ clues(first: 50, filter: { department: HEALTH }) { edges { node { clueId violationCode category } } } }`;

let ingest: IngestHarness;
let hub: GatewayHarness;
/** A national steward (全国, 000000): the only kind that maps codes. */
let steward: string;
/** A provincial steward (四川省): reads the unmapped codes, maps none. */
let provincialSteward: string;
before(async () => {
  ingest = await startIngestHarness();
  hub = await startGatewayHarness(ingest.database.db);
  steward = await hub.tokenFor('health:000000', ['steward']);
  provincialSteward = await hub.tokenFor('health:510000', ['steward']);
});
after(async () => {
  hub?.close();
  await ingest?.close();
});

async function publish(events: SampleEvent[]): Promise<void> {
  await kcatPublish(ingest.broker.bootstrap, 'health.events', events.map((event) => ({ key: event.subject, value: JSON.stringify(event) })));
}

const codes = (body: GraphQLBody) => (body.errors ?? []).map((error) => error.extensions?.code);
const mapInput = (category: string, code = CODE) => ({ input: { department: 'HEALTH', code, category, label: '新增违法行为代码' } });

async function unmapped(includeMapped = false, token = steward) {
  const { body } = await hub.query(UNMAPPED, { token, variables: { includeMapped } });
  assert.equal(body.errors, undefined);
  return (body.data as { unmappedCodes: Array<{ code: string; occurrences: number; mapping: { version: number; category: string } | null }> }).unmappedCodes;
}

async function clueCategories(): Promise<Record<string, string>> {
  const reader = await hub.tokenFor('health:510181', ['clue:read']);
  const { body } = await hub.query(CLUES, { token: reader });
  assert.equal(body.errors, undefined);
  const edges = (body.data as { clues: { edges: Array<{ node: { clueId: string; category: string } }> } }).clues.edges;
  return Object.fromEntries(edges.filter((e) => e.node.clueId.startsWith('XS-MAP-')).map((e) => [e.node.clueId, e.node.category]));
}

const stored = (clueIds: string[]) => async () =>
  (await ingest.database.db.select({ n: count() }).from(t.cluesTable).where(inArray(t.cluesTable.clueId, clueIds)))[0]!.n === clueIds.length;

test('an unmapped code is counted, mapped by a national steward, and every stored record, later arrival and re-mapping follows', async () => {
  await publish([clueWith('1'), clueWith('2'), clueWith('3'), penaltyWith('1'), clueWith('known', 'WJ-FFXY')]);
  await waitFor('the clues stored', stored(['XS-MAP-1', 'XS-MAP-2', 'XS-MAP-3', 'XS-MAP-known']));
  await waitFor('the penalty stored', async () => (await ingest.database.db.select().from(t.penaltiesTable).where(eq(t.penaltiesTable.violationCode, CODE))).length === 1);

  // Kept verbatim, stored as OTHER, counted, visible to every steward (the provincial one too).
  const before = await unmapped();
  assert.deepEqual(before.map(({ code, occurrences, mapping }) => ({ code, occurrences, mapping })), [{ code: CODE, occurrences: 4, mapping: null }]);
  assert.deepEqual(await unmapped(false, provincialSteward), before);
  assert.deepEqual(await clueCategories(), { 'XS-MAP-1': 'OTHER', 'XS-MAP-2': 'OTHER', 'XS-MAP-3': 'OTHER', 'XS-MAP-known': 'ILLEGAL_PRACTICE' });

  const first = await hub.query(MAP, { token: steward, variables: mapInput('MEDICAL_WASTE') });
  assert.equal(first.body.errors, undefined);
  const mapping = (first.body.data as { mapCode: Record<string, unknown> }).mapCode;
  assert.deepEqual({ ...mapping, mappedAt: typeof mapping.mappedAt }, {
    department: 'HEALTH',
    code: CODE,
    version: 1,
    category: 'MEDICAL_WASTE',
    label: '新增违法行为代码',
    mappedBy: 'dev-health-officer',
    mappedAt: 'string',
    reclassified: 4,
  });
  assert.deepEqual(await clueCategories(), { 'XS-MAP-1': 'MEDICAL_WASTE', 'XS-MAP-2': 'MEDICAL_WASTE', 'XS-MAP-3': 'MEDICAL_WASTE', 'XS-MAP-known': 'ILLEGAL_PRACTICE' });
  const [storedPenalty] = await ingest.database.db.select().from(t.penaltiesTable).where(eq(t.penaltiesTable.violationCode, CODE));
  assert.equal(storedPenalty?.category, 'MEDICAL_WASTE');

  // The audit log has the change, with what it did.
  const audited = await ingest.database.db.select().from(t.auditLogTable).where(and(eq(t.auditLogTable.action, 'STEWARD_CHANGE'), eq(t.auditLogTable.fieldPath, 'mapCode')));
  assert.equal(audited.length, 1);
  assert.deepEqual(
    { agency: audited[0]!.agency, actor: audited[0]!.actor, operation: audited[0]!.operation, recordId: audited[0]!.recordId, detail: audited[0]!.detail },
    {
      agency: 'health:000000',
      actor: 'dev-health-officer',
      operation: 'MapCode',
      recordId: `code_mappings:health:${CODE}:1`,
      detail: { department: 'health', code: CODE, version: 1, category: 'MEDICAL_WASTE', previousCategory: 'OTHER', reclassified: 4, stewardRegion: '000000' },
    },
  );

  // Mapped: no longer listed, unless asked for, then with its mapping.
  assert.deepEqual(await unmapped(), []);
  assert.deepEqual((await unmapped(true)).map(({ code, occurrences, mapping }) => ({ code, occurrences, version: mapping?.version, category: mapping?.category })), [
    { code: CODE, occurrences: 4, version: 1, category: 'MEDICAL_WASTE' },
  ]);

  // A later event with the code arrives mapped and is not counted again.
  await publish([clueWith('4')]);
  await waitFor('the later clue stored', stored(['XS-MAP-4']));
  assert.equal((await clueCategories())['XS-MAP-4'], 'MEDICAL_WASTE');
  assert.equal((await unmapped(true))[0]?.occurrences, 4);

  // Re-mapping: version 2, every record (the later one too) moves from the old category to the new.
  const second = await hub.query(MAP, { token: steward, variables: mapInput('QUALITY_SAFETY') });
  assert.equal(second.body.errors, undefined);
  assert.deepEqual(
    (({ version, category, reclassified }) => ({ version, category, reclassified }))((second.body.data as { mapCode: Record<string, unknown> }).mapCode),
    { version: 2, category: 'QUALITY_SAFETY', reclassified: 5 },
  );
  assert.deepEqual(await clueCategories(), { 'XS-MAP-1': 'QUALITY_SAFETY', 'XS-MAP-2': 'QUALITY_SAFETY', 'XS-MAP-3': 'QUALITY_SAFETY', 'XS-MAP-4': 'QUALITY_SAFETY', 'XS-MAP-known': 'ILLEGAL_PRACTICE' });
  const [remapped] = await ingest.database.db.select().from(t.auditLogTable).where(eq(t.auditLogTable.recordId, `code_mappings:health:${CODE}:2`));
  assert.deepEqual(remapped?.detail, { department: 'health', code: CODE, version: 2, category: 'QUALITY_SAFETY', previousCategory: 'MEDICAL_WASTE', reclassified: 5, stewardRegion: '000000' });
  assert.equal((await unmapped(true))[0]?.mapping?.version, 2);
});

test('a built-in code, the category OTHER and a malformed code are refused with BAD_USER_INPUT naming the argument, and change nothing', async () => {
  const mappingsBefore = await ingest.database.db.select({ n: count() }).from(t.codeMappingsTable);
  const auditBefore = await ingest.database.db.select({ n: count() }).from(t.auditLogTable);
  for (const [variables, argument] of [
    [mapInput('ILLEGAL_BLOOD', 'WJ-FFXY'), 'input.code'],
    [mapInput('OTHER', 'WJ-YYYY'), 'input.category'],
    [mapInput('BRIBERY', 'WJ YYYY'), 'input.code'],
    [{ input: { ...mapInput('BRIBERY', 'WJ-YYYY').input, label: ' ' } }, 'input.label'],
  ] as const) {
    const { body } = await hub.query(MAP, { token: steward, variables });
    assert.deepEqual(codes(body), ['BAD_USER_INPUT']);
    assert.equal(body.errors?.[0]?.extensions?.argument, argument);
    assert.equal(body.data, null);
  }
  assert.deepEqual(await ingest.database.db.select({ n: count() }).from(t.codeMappingsTable), mappingsBefore);
  assert.deepEqual(await ingest.database.db.select({ n: count() }).from(t.auditLogTable), auditBefore);
});

test('only stewards see unmapped codes and map them: FORBIDDEN for another token, UNAUTHENTICATED without one', async () => {
  const officer = await hub.tokenFor('health:510181', ['clue:read', 'clue:write', 'result:read']);
  const listed = await hub.query(UNMAPPED, { token: officer });
  assert.deepEqual(codes(listed.body), ['FORBIDDEN']);
  const mapped = await hub.query(MAP, { token: officer, variables: mapInput('BRIBERY', 'WJ-ZZZZ') });
  assert.deepEqual(codes(mapped.body), ['FORBIDDEN']);
  const anonymous = await hub.query(MAP, { variables: mapInput('BRIBERY', 'WJ-ZZZZ') });
  assert.deepEqual(codes(anonymous.body), ['UNAUTHENTICATED']);
  assert.deepEqual(await ingest.database.db.select().from(t.codeMappingsTable).where(eq(t.codeMappingsTable.code, 'WJ-ZZZZ')), []);
});

test('a steward who is not national is refused with FORBIDDEN before its input is looked at, and nothing changes', async () => {
  const mappingsBefore = await ingest.database.db.select({ n: count() }).from(t.codeMappingsTable);
  const auditBefore = await ingest.database.db.select({ n: count() }).from(t.auditLogTable);
  for (const [token, jurisdiction] of [
    [provincialSteward, '510000'],
    [await hub.tokenFor('market:310000', ['steward']), '310000'],
    // The token's region decides, not its agency's: a national agency's token narrowed to a province maps nothing.
    [await hub.tokenFor('health:000000', ['steward'], '510000'), '510000'],
  ] as const) {
    for (const variables of [{ input: { department: 'MARKET', code: 'SJ-NEW1', category: 'PRICE_VIOLATION', label: '明码标价违规' } }, mapInput('OTHER', 'WJ FFXY')]) {
      const { body } = await hub.query(MAP, { token, variables });
      assert.deepEqual(codes(body), ['FORBIDDEN']);
      assert.equal(body.errors?.[0]?.extensions?.jurisdiction, jurisdiction);
      assert.match(body.errors?.[0]?.message ?? '', /national steward \(region 000000\)/);
      assert.equal(body.data, null);
    }
  }
  assert.deepEqual(await ingest.database.db.select({ n: count() }).from(t.codeMappingsTable), mappingsBefore);
  assert.deepEqual(await ingest.database.db.select({ n: count() }).from(t.auditLogTable), auditBefore);
});

test('a national steward maps a code no record carries yet', async () => {
  const { body } = await hub.query(MAP, { token: steward, variables: { input: { department: 'MARKET', code: 'SJ-NEW1', category: 'PRICE_VIOLATION', label: '明码标价违规' } } });
  assert.equal(body.errors, undefined);
  assert.deepEqual((({ version, reclassified }) => ({ version, reclassified }))((body.data as { mapCode: Record<string, unknown> }).mapCode), { version: 1, reclassified: 0 });
});
