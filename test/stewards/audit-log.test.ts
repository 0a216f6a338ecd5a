import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { appendAuditEntries } from '../../gateway/audit/append-audit.ts';
import type { AuditEntryDraft } from '../../gateway/audit/audit-entry.ts';
import { maskIdNumber } from '../../schema/identifiers/index.ts';
import { seededGatewayFixture } from '../support/gateway-harness.ts';
import { seedPeople } from '../support/gateway-seed.ts';

// The audit log as stewards read it (auditLog): newest first by seq, keyset pages, filters, the data
// subject masked, and only the entries of the steward's jurisdiction — on real PostgreSQL, with entries
// written by the real appender and by a real unmasked read through the gateway.

const fixture = seededGatewayFixture();
const [dujiangyan, chengdu, suining, shanghai] = seedPeople as [(typeof seedPeople)[0], (typeof seedPeople)[0], (typeof seedPeople)[0], (typeof seedPeople)[0]];

const entry = (draft: Partial<AuditEntryDraft> & Pick<AuditEntryDraft, 'action' | 'actor' | 'agency' | 'fieldPath' | 'recordId'>): AuditEntryDraft => ({
  operation: 'Seeded',
  purposeBasis: null,
  purposeReference: null,
  requestId: `req-${draft.actor}`,
  subjectIdNumber: null,
  ...draft,
});

/** Seeded entries, oldest first, one a day in October 2026; tests tell them apart by recordId. */
const seeded: Array<{ at: string; draft: AuditEntryDraft }> = [
  { at: '2026-10-01T08:00:00Z', draft: entry({ action: 'UNMASKED_READ', actor: 'officer-dj', agency: 'police:510181', fieldPath: 'PersonIdentity.idNumber person.identity.idNumber', recordId: 'seed:dj-id', purposeBasis: 'CASE_INVESTIGATION', purposeReference: 'AJ-2026-1', subjectIdNumber: dujiangyan.idNumber }) },
  { at: '2026-10-02T08:00:00Z', draft: entry({ action: 'PHOTO_ACCESS', actor: 'officer-dj', agency: 'police:510181', fieldPath: 'PoliceRecord.photo person.records.0.photo', recordId: 'seed:dj-photo', purposeBasis: 'INSPECTION', purposeReference: 'JC-2026-7', subjectIdNumber: dujiangyan.idNumber }) },
  { at: '2026-10-03T08:00:00Z', draft: entry({ action: 'UNMASKED_READ', actor: 'officer-sh', agency: 'health:310104', fieldPath: 'PersonIdentity.name person.identity.name', recordId: 'seed:sh-name', purposeBasis: 'JOINT_ENFORCEMENT', purposeReference: 'LH-9', subjectIdNumber: shanghai.idNumber }) },
  { at: '2026-10-04T08:00:00Z', draft: entry({ action: 'STEWARD_CHANGE', actor: 'steward-sc', agency: 'health:510000', fieldPath: 'grantAccess', recordId: 'seed:grant-sc', detail: { agency: 'police:310104', regions: ['510181'] } }) },
  // A steward of 成都 (510100) whose agency names the nation: found by the region its token carried.
  { at: '2026-10-05T08:00:00Z', draft: entry({ action: 'DEAD_LETTER_READ', actor: 'steward-cd', agency: 'health:000000', fieldPath: 'DeadLetter.event deadLetters.edges.0.node.event', recordId: 'seed:dlq-read', detail: { topic: 'health.events', stewardRegion: '510100' } }) },
  { at: '2026-10-06T08:00:00Z', draft: entry({ action: 'STEWARD_CHANGE', actor: 'cli:ops', agency: 'hub-cli', fieldPath: 'replay-dead-letters', recordId: 'seed:cli-replay' }) },
  { at: '2026-10-07T08:00:00Z', draft: entry({ action: 'UNMASKED_READ', actor: 'officer-sn', agency: 'market:511002', fieldPath: 'PersonIdentity.idNumber subject.person.idNumber', recordId: 'seed:sn-id', purposeBasis: 'CREDIT_REVIEW', purposeReference: 'XY-3', subjectIdNumber: suining.idNumber }) },
];

const ENTRY_FIELDS = 'seq recordedAt action actor agency operation fieldPath recordId purposeBasis purposeReference requestId subjectIdNumber detail';
const AUDIT_LOG = `query Audit($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ENTRY_FIELDS} } } }
}`;

interface Entry {
  seq: number;
  recordedAt: string;
  action: string;
  actor: string;
  agency: string;
  fieldPath: string;
  recordId: string;
  purposeBasis: string | null;
  purposeReference: string | null;
  subjectIdNumber: string | null;
  detail: string | null;
}
interface AuditPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: Entry }>;
}

const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);

async function auditLog(token: string, variables: Record<string, unknown> = {}): Promise<AuditPage> {
  const { body } = await fixture.hub.query(AUDIT_LOG, { token, variables: { first: 100, ...variables } });
  assert.deepEqual(body.errors, undefined);
  return (body.data as { auditLog: AuditPage }).auditLog;
}

const recordIds = (page: AuditPage) => page.edges.map((edge) => edge.node.recordId);
let realReadIds: string[] = [];
let tokens: Record<'national' | 'sichuan' | 'chengdu' | 'shanghai', string>;

describe('auditLog', () => {
  before(async () => {
    for (const { at, draft } of seeded) await appendAuditEntries(fixture.database.db, [draft], new Date(at));
    // A real unmasked read through the gateway appends its own entries (police of 都江堰, with a purpose).
    const police = await fixture.hub.tokenFor('police:510181', ['result:read', 'identity:read']);
    const read = await fixture.hub.query('query Identify($id: String!) { person(idNumber: $id, purpose: { basis: CASE_INVESTIGATION, reference: "AJ-2026-88" }) { identity { idNumber } } }', {
      token: police,
      variables: { id: dujiangyan.idNumber },
    });
    assert.deepEqual(read.body.errors, undefined);
    tokens = {
      national: await fixture.hub.tokenFor('health:000000', ['steward']),
      sichuan: await fixture.hub.tokenFor('health:510000', ['steward']),
      chengdu: await fixture.hub.tokenFor('health:510000', ['steward'], '510100'),
      shanghai: await fixture.hub.tokenFor('health:310000', ['steward']),
    };
    const all = await auditLog(tokens.national);
    realReadIds = all.edges.filter((edge) => edge.node.agency === 'police:510181' && !edge.node.recordId.startsWith('seed:')).map((edge) => edge.node.recordId);
    assert.ok(realReadIds.length >= 1, 'the real read wrote its audit entry');
  });

  test('newest first by seq, paged with cursors: every entry exactly once, totalCount on every page', async () => {
    const everything = await auditLog(tokens.national);
    assert.equal(everything.totalCount, seeded.length + realReadIds.length);
    const seen: number[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: AuditPage = await auditLog(tokens.national, { first: 3, after });
      assert.equal(page.totalCount, everything.totalCount, 'the count does not depend on the page');
      seen.push(...page.edges.map((edge) => edge.node.seq));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    assert.equal(pages, Math.ceil(everything.totalCount / 3));
    assert.deepEqual(seen, [...seen].sort((a, b) => b - a), 'newest first');
    assert.deepEqual(seen, everything.edges.map((edge) => edge.node.seq), 'the pages make up the whole log, each entry once');
    assert.equal(new Set(seen).size, seen.length);
    assert.equal(everything.edges.at(-1)!.node.recordId, 'seed:dj-id', 'the oldest entry last');
  });

  test('a steward sees the entries of agencies in its jurisdiction, and its own region’s steward entries; nothing else, counts included', async () => {
    const sichuan = await auditLog(tokens.sichuan);
    assert.deepEqual(recordIds(sichuan).sort(), ['seed:dj-id', 'seed:dj-photo', 'seed:grant-sc', 'seed:dlq-read', 'seed:sn-id', ...realReadIds].sort());
    assert.equal(sichuan.totalCount, sichuan.edges.length);

    const chengdu = await auditLog(tokens.chengdu);
    assert.deepEqual(recordIds(chengdu).sort(), ['seed:dj-id', 'seed:dj-photo', 'seed:dlq-read', ...realReadIds].sort(), 'a city steward: its city’s agencies and its own entries, not the province’s');

    const shanghai = await auditLog(tokens.shanghai);
    assert.deepEqual(recordIds(shanghai), ['seed:sh-name'], 'another province sees only its own');
    assert.equal(shanghai.totalCount, 1);

    const hidden = await auditLog(tokens.shanghai, { filter: { idNumber: dujiangyan.idNumber } });
    assert.equal(hidden.totalCount, 0, 'a filter never reaches past the jurisdiction');

    const national = await auditLog(tokens.national);
    assert.ok(recordIds(national).includes('seed:cli-replay'), 'entries with no region (the CLI) are for national stewards');
    assert.ok(!recordIds(sichuan).includes('seed:cli-replay'));
  });

  test('filters: agency, actor, ID number, field path, purpose basis, action, time range', async () => {
    const ids = async (filter: Record<string, unknown>) => recordIds(await auditLog(tokens.national, { filter })).sort();
    assert.deepEqual(await ids({ agency: 'police:510181' }), ['seed:dj-id', 'seed:dj-photo', ...realReadIds].sort());
    assert.deepEqual(await ids({ actor: 'officer-sh' }), ['seed:sh-name']);
    assert.deepEqual(await ids({ idNumber: dujiangyan.idNumber }), ['seed:dj-id', 'seed:dj-photo', ...realReadIds].sort());
    assert.deepEqual(await ids({ idNumber: chengdu.idNumber }), [], 'nobody read 成都’s person');
    assert.deepEqual(await ids({ fieldPath: 'PersonIdentity.idNumber' }), ['seed:dj-id', 'seed:sn-id', ...realReadIds].sort(), 'a field path matches by its beginning');
    assert.deepEqual(await ids({ fieldPath: 'Person%' }), [], 'LIKE wildcards in the filter are taken literally');
    assert.deepEqual(await ids({ purposeBasis: 'INSPECTION' }), ['seed:dj-photo']);
    assert.deepEqual(await ids({ action: 'STEWARD_CHANGE' }), ['seed:cli-replay', 'seed:grant-sc']);
    assert.deepEqual(await ids({ action: 'DEAD_LETTER_READ' }), ['seed:dlq-read']);
    assert.deepEqual(await ids({ from: '2026-10-02T08:00:00Z', to: '2026-10-04T08:00:00Z' }), ['seed:dj-photo', 'seed:sh-name'], 'from inclusive, to exclusive');
    assert.deepEqual(await ids({ agency: 'police:510181', purposeBasis: 'CASE_INVESTIGATION', to: '2026-11-01T00:00:00Z' }), ['seed:dj-id'], 'filters combine');
  });

  test('whose data an entry concerns is masked; the full number is never in the response', async () => {
    const { body } = await fixture.hub.query(AUDIT_LOG, { token: tokens.national, variables: { first: 100 } });
    const text = JSON.stringify(body);
    for (const person of seedPeople) assert.ok(!text.includes(person.idNumber), `no unmasked ID number of ${person.region}`);
    const page = (body.data as { auditLog: AuditPage }).auditLog;
    const read = page.edges.find((edge) => edge.node.recordId === 'seed:dj-id')!.node;
    assert.equal(read.subjectIdNumber, maskIdNumber(dujiangyan.idNumber));
    assert.match(read.subjectIdNumber!, /^510181\*{8}\d{3}[\dX]$/);
    assert.equal(read.purposeBasis, 'CASE_INVESTIGATION');
    assert.equal(read.purposeReference, 'AJ-2026-1');
    assert.equal(read.recordedAt, '2026-10-01T08:00:00.000Z');
    const lookups = page.edges.filter((edge) => edge.node.recordId.startsWith('person:'));
    assert.ok(lookups.length > 0, 'the real read recorded the person it looked up by number');
    for (const lookup of lookups) assert.equal(lookup.node.recordId, `person:${maskIdNumber(dujiangyan.idNumber)}`, 'and the record id shows it masked');
    const change = page.edges.find((edge) => edge.node.recordId === 'seed:grant-sc')!.node;
    assert.deepEqual(JSON.parse(change.detail!), { agency: 'police:310104', regions: ['510181'] });
    assert.equal(change.subjectIdNumber, null);
  });

  test('bad arguments are BAD_USER_INPUT naming the argument', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ filter: { idNumber: dujiangyan.idNumber.slice(0, 17) + (dujiangyan.idNumber.endsWith('1') ? '2' : '1') } }, 'filter.idNumber'],
      [{ after: 'not-a-cursor' }, 'after'],
      [{ first: 101 }, 'first'],
      [{ first: 0 }, 'first'],
    ];
    for (const [variables, argument] of cases) {
      const { body } = await fixture.hub.query(AUDIT_LOG, { token: tokens.national, variables: { first: 100, ...variables } });
      assert.deepEqual(codes(body), ['BAD_USER_INPUT'], JSON.stringify(variables));
      assert.equal(body.errors![0]!.extensions!.argument, argument);
    }
  });

  test('only stewards: any other token is FORBIDDEN, no token UNAUTHENTICATED, and no entry is returned', async () => {
    const officer = await fixture.hub.tokenFor('police:510181', ['clue:read', 'result:read', 'credit:read', 'identity:read', 'identity:photo']);
    const forbidden = await fixture.hub.query(AUDIT_LOG, { token: officer, variables: { first: 5 } });
    assert.deepEqual(codes(forbidden.body), ['FORBIDDEN']);
    assert.equal(forbidden.body.data, null);
    const anonymous = await fixture.hub.query(AUDIT_LOG, { variables: { first: 5 } });
    assert.deepEqual(codes(anonymous.body), ['UNAUTHENTICATED']);
    assert.equal(anonymous.body.data, null);
  });
});
