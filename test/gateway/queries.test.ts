import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asc } from 'drizzle-orm';
import { createAuditAppender } from '../../gateway/audit/audit-appender.ts';
import { openDatabase } from '../../schema/db/open-database.ts';
import { auditLogTable } from '../../schema/tables.ts';
import { seededGatewayFixture, startGatewayHarness } from '../support/gateway-harness.ts';
import { seedInstitutions, seedPeople } from '../support/gateway-seed.ts';

// What partner agencies rely on, through the gateway as production wires it, on real PostgreSQL.

const fixture = seededGatewayFixture();
const [dujiangyan, jinjiang, neijiang, xuhui] = seedPeople as [typeof seedPeople[0], typeof seedPeople[0], typeof seedPeople[0], typeof seedPeople[0]];
const dujiangyanHospital = seedInstitutions[0]!;
const PURPOSE = '{ basis: CASE_INVESTIGATION, reference: "川公刑(2026)118号" }';

const codes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) => (body.errors ?? []).map((e) => e.extensions?.code);
type CluePage = { clues: { totalCount: number; edges: Array<{ node: { clueId: string; region: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };

describe('clues', () => {
  test("a county agency pages through its own region's clues, newest first, and nothing else", async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['clue:read']);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const { body } = await fixture.hub.query('query($after: String) { clues(first: 2, after: $after) { totalCount edges { node { clueId region } } pageInfo { hasNextPage endCursor } } }', { token, variables: { after: cursor } });
      const clues = (body.data as CluePage).clues;
      assert.equal(clues.totalCount, 3);
      seen.push(...clues.edges.map((e) => e.node.clueId));
      if (!clues.pageInfo.hasNextPage) break;
      cursor = clues.pageInfo.endCursor;
    }
    assert.deepEqual(seen, ['CLUE-510181-3', 'CLUE-510181-2', 'CLUE-510181-1']);
  });

  test('a city covers its counties and a province its cities; Shanghai stays out of both', async () => {
    for (const [region, expected] of [['510100', 6], ['510000', 9], ['310104', 4], ['000000', 13]] as const) {
      const token = await fixture.hub.tokenFor(`health:${region}`, ['clue:read']);
      const { body } = await fixture.hub.query('{ clues(first: 100) { totalCount edges { node { region } } } }', { token });
      const clues = (body.data as CluePage).clues;
      assert.equal(clues.totalCount, expected, region);
      assert.equal(clues.edges.length, expected, region);
    }
  });

  test('filters narrow by region, category, department and time', async () => {
    const token = await fixture.hub.tokenFor('health:510000', ['clue:read']);
    const run = async (filter: string) => ((await fixture.hub.query(`{ clues(first: 100, filter: ${filter}) { edges { node { clueId } } } }`, { token })).body.data as CluePage).clues.edges.map((e) => e.node.clueId).sort();
    assert.deepEqual(await run('{ region: "510104" }'), ['CLUE-510104-1', 'CLUE-510104-2', 'CLUE-510104-3']);
    assert.deepEqual(await run('{ category: TOUT }'), ['CLUE-510104-2', 'CLUE-510181-2', 'CLUE-511002-2']);
    assert.deepEqual(await run('{ department: MARKET, region: "511002" }'), ['CLUE-511002-3']);
    assert.deepEqual(await run('{ from: "2026-10-02T00:00:00Z", to: "2026-10-02T02:00:00Z" }'), ['CLUE-510104-1']);
    assert.deepEqual(await run(`{ subjectUscc: "${dujiangyanHospital.uscc}" }`), ['CLUE-510181-1', 'CLUE-510181-3']);
  });

  test('without clue:read the field is FORBIDDEN; without a token it is UNAUTHENTICATED', async () => {
    const token = await fixture.hub.tokenFor('tax:510181', ['result:read']);
    const forbidden = await fixture.hub.query('{ clues { totalCount } publicPenalties(first: 1) { edges { node { decisionNo } } } }', { token });
    assert.deepEqual(codes(forbidden.body), ['FORBIDDEN']);
    assert.equal((forbidden.body.data as { clues: unknown }).clues, null);
    assert.ok((forbidden.body.data as { publicPenalties: unknown }).publicPenalties, 'the rest of the response still arrives');
    const anonymous = await fixture.hub.query('{ clues { totalCount } }');
    assert.deepEqual(codes(anonymous.body), ['UNAUTHENTICATED']);
  });

  test('bad arguments are BAD_USER_INPUT naming the argument', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['clue:read', 'result:read']);
    const cases: Array<[string, string]> = [
      ['{ clues(first: 0) { totalCount } }', 'first'],
      ['{ clues(first: 101) { totalCount } }', 'first'],
      ['{ clues(after: "bm90LWEtY3Vyc29y") { totalCount } }', 'after'],
      ['{ clues(last: 2) { totalCount } }', 'last'],
      ['{ clues(filter: { region: "99" }) { totalCount } }', 'filter.region'],
      ['{ results(filter: { subjectUscc: "91510181000000001X" }) { totalCount } }', 'filter.subjectUscc'],
      ['{ subject(uscc: "91510181000000001X") { kind } }', 'uscc'],
      ['{ subject(idNumber: "510181196708080070") { kind } }', 'idNumber'],
      ['{ subject { kind } }', 'uscc'],
      [`{ person(idNumber: "${dujiangyan.idNumber}", purpose: { basis: INSPECTION, reference: "" }) { identity { masked } } }`, 'purpose.reference'],
      ['{ publicPenalties(region: "abc") { totalCount } }', 'region'],
    ];
    for (const [document, argument] of cases) {
      const { body } = await fixture.hub.query(document, { token });
      assert.deepEqual(codes(body), ['BAD_USER_INPUT'], document);
      assert.equal(body.errors?.[0]?.extensions?.argument, argument, document);
    }
  });
});

describe('personal data', () => {
  const personQuery = (purpose: string) => `query Identify($id: String!) { person(idNumber: $id${purpose}) { identity { idNumber masked } records { recordNo person { idNumber name masked } photo } } }`;

  test('masked by default, and with identity:read but no purpose', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['result:read', 'identity:read']);
    const { body } = await fixture.hub.query(personQuery(''), { token, variables: { id: dujiangyan.idNumber } });
    const text = JSON.stringify(body.data);
    assert.ok(!text.includes(dujiangyan.idNumber) && !text.includes(dujiangyan.name), text);
    assert.ok(text.includes('510181********') && text.includes('司**'), text);
  });

  test('identity:read with a purpose unmasks, and each unmasked field is audited before it is returned', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['result:read', 'identity:read'], undefined);
    const before = await fixture.database.db.select().from(auditLogTable);
    const response = await fixture.hub.gateway.fetch('http://fixture.hub.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-audit-1' },
      body: JSON.stringify({ query: personQuery(`, purpose: ${PURPOSE}`), variables: { id: dujiangyan.idNumber }, operationName: 'Identify' }),
    });
    const body = (await response.json()) as { data: { person: { records: Array<{ person: { idNumber: string; name: string; masked: boolean }; photo: string | null }> } }; errors?: Array<{ path: string[]; extensions: { code: string } }> };
    assert.equal(response.headers.get('x-request-id'), 'req-audit-1');
    assert.deepEqual(body.data.person.records[0]!.person, { idNumber: dujiangyan.idNumber, name: dujiangyan.name, masked: false });
    assert.equal(body.data.person.records[0]!.photo, null, 'no identity:photo, no photo');
    assert.deepEqual(body.errors?.map((e) => [e.extensions.code, e.path.join('.')]), [['FORBIDDEN', 'person.records.0.photo']]);

    const entries = (await fixture.database.db.select().from(auditLogTable).orderBy(asc(auditLogTable.seq))).slice(before.length);
    assert.deepEqual(
      entries.map((e) => [e.action, e.fieldPath, e.recordId, e.agency, e.operation, e.purposeBasis, e.purposeReference, e.requestId, e.subjectIdNumber]).sort(),
      [
        ['UNMASKED_READ', 'PersonIdentity.idNumber person.identity.idNumber', `person:${dujiangyan.idNumber}`, 'health:510181', 'Identify', 'CASE_INVESTIGATION', '川公刑(2026)118号', 'req-audit-1', dujiangyan.idNumber],
        ['UNMASKED_READ', 'PersonIdentity.idNumber person.records.0.person.idNumber', 'offender_records:510181/GA-510181-1', 'health:510181', 'Identify', 'CASE_INVESTIGATION', '川公刑(2026)118号', 'req-audit-1', dujiangyan.idNumber],
        ['UNMASKED_READ', 'PersonIdentity.name person.records.0.person.name', 'offender_records:510181/GA-510181-1', 'health:510181', 'Identify', 'CASE_INVESTIGATION', '川公刑(2026)118号', 'req-audit-1', dujiangyan.idNumber],
      ].sort(),
    );
  });

  test('a photo needs identity:photo and a purpose, and its access is audited', async () => {
    const token = await fixture.hub.tokenFor('police:510181', ['result:read', 'identity:photo']);
    const withoutPurpose = await fixture.hub.query(personQuery(''), { token, variables: { id: dujiangyan.idNumber } });
    assert.deepEqual(codes(withoutPurpose.body), ['FORBIDDEN']);
    assert.ok(!JSON.stringify(withoutPurpose.body).includes(dujiangyan.photoRef));

    const { body } = await fixture.hub.query(personQuery(`, purpose: ${PURPOSE}`), { token, variables: { id: dujiangyan.idNumber } });
    assert.equal(body.errors, undefined);
    const record = (body.data as { person: { records: Array<{ photo: string; person: { masked: boolean } }> } }).person.records[0]!;
    assert.equal(record.photo, dujiangyan.photoRef);
    assert.equal(record.person.masked, true, 'a photo scope does not unmask the ID number');
    const [last] = await fixture.database.db.select().from(auditLogTable).orderBy(asc(auditLogTable.seq)).then((rows) => rows.slice(-1));
    assert.equal(last?.action, 'PHOTO_ACCESS');
    assert.equal(last?.fieldPath, 'PoliceRecord.photo person.records.0.photo');
  });

  test('the audit log names the field read, whatever alias the caller gave it', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['result:read', 'identity:read']);
    const { body } = await fixture.hub.query(`query($id: String!) { person(idNumber: $id, purpose: ${PURPOSE}) { records { person { masked: idNumber photo: name } } } }`, { token, variables: { id: dujiangyan.idNumber } });
    assert.equal(body.errors, undefined);
    const entries = await fixture.database.db.select().from(auditLogTable).orderBy(asc(auditLogTable.seq));
    assert.deepEqual(entries.slice(-2).map((e) => e.fieldPath).sort(), ['PersonIdentity.idNumber person.records.0.person.masked', 'PersonIdentity.name person.records.0.person.photo']);
  });

  test('a purpose reference with control characters is refused before anything is read', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['result:read', 'identity:read']);
    const { body } = await fixture.hub.query('query($id: String!, $ref: String!) { person(idNumber: $id, purpose: { basis: INSPECTION, reference: $ref }) { records { person { idNumber } } } }', { token, variables: { id: dujiangyan.idNumber, ref: 'A\u0000B' } });
    assert.deepEqual(codes(body), ['BAD_USER_INPUT']);
    assert.equal(body.errors?.[0]?.extensions?.argument, 'purpose.reference');
  });

  test('a read whose audit record cannot be written does not return the data', async () => {
    // The real appender, writing to a database the server refuses (SQLSTATE 3D000), while the reads succeed.
    const unreachable = new URL(fixture.database.url);
    unreachable.pathname = '/hub_test_no_such_database';
    const auditDatabase = await openDatabase({ driver: 'postgres', url: unreachable.toString(), poolSize: 1 }, { migrate: false });
    const failing = await startGatewayHarness(fixture.database.db, { audit: createAuditAppender(auditDatabase.db) });
    try {
      const token = await failing.tokenFor('police:510181', ['result:read', 'identity:read', 'identity:photo']);
      const { body } = await failing.query(personQuery(`, purpose: ${PURPOSE}`), { token, variables: { id: dujiangyan.idNumber } });
      const text = JSON.stringify(body);
      assert.ok(!text.includes(dujiangyan.idNumber) && !text.includes(dujiangyan.name) && !text.includes(dujiangyan.photoRef), text);
      assert.ok(codes(body).length > 0 && codes(body).every((code) => code === 'SERVICE_UNAVAILABLE'), text);
    } finally {
      failing.close();
      await auditDatabase.close();
    }
  });

  test('two purposes in one request never share rows: only the aliased read with a purpose is unmasked', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['clue:read', 'identity:read']);
    const { body } = await fixture.hub.query(
      `query($id: String!) { masked: subject(idNumber: $id) { clues { subject { person { idNumber } } } } open: subject(idNumber: $id, purpose: ${PURPOSE}) { clues { subject { person { idNumber } } } } }`,
      { token, variables: { id: dujiangyan.idNumber } },
    );
    const data = body.data as Record<'masked' | 'open', { clues: Array<{ subject: { person: { idNumber: string } } }> }>;
    assert.deepEqual(data.masked.clues.map((c) => c.subject.person.idNumber), ['510181********0079'.replace('0079', dujiangyan.idNumber.slice(-4))]);
    assert.deepEqual(data.open.clues.map((c) => c.subject.person.idNumber), [dujiangyan.idNumber]);
  });
});

describe('subject and public penalties', () => {
  test('subject(uscc) gathers every department, each list under its own scope', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['clue:read', 'result:read']);
    const { body } = await fixture.hub.query(
      `{ subject(uscc: "${dujiangyanHospital.uscc}") { kind institution { name region } clues { clueId } results { decisionNo kind } insuranceAgreements { status } insuranceAlerts { alertId } policeRecords { recordNo } taxRating { rating } } }`,
      { token },
    );
    assert.deepEqual(body.data, {
      subject: {
        kind: 'INSTITUTION',
        institution: { name: dujiangyanHospital.name, region: '510181' },
        clues: [{ clueId: 'CLUE-510181-3' }, { clueId: 'CLUE-510181-1' }],
        results: [{ decisionNo: 'DEC-510181-3', kind: 'FRAUD_CONFIRMED' }, { decisionNo: 'DEC-510181-1', kind: 'PENALTY' }],
        insuranceAgreements: [{ status: 'SUSPENDED' }],
        insuranceAlerts: [{ alertId: 'ALERT-510181-1' }],
        policeRecords: [],
        taxRating: null,
      },
    });
    assert.deepEqual(codes(body), ['FORBIDDEN'], 'taxRating needs credit:read');
  });

  test("another region's institution is public in the directory, but its facts are absent", async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['clue:read', 'result:read', 'credit:read']);
    const shanghai = seedInstitutions[3]!;
    const { body } = await fixture.hub.query(`{ subject(uscc: "${shanghai.uscc}") { institution { name } clues { clueId } results { decisionNo } taxRating { rating } } }`, { token });
    assert.deepEqual(body, { data: { subject: { institution: { name: shanghai.name }, clues: [], results: [], taxRating: null } } });
  });

  test('publicPenalties needs no token, lists published penalties only, and never names a person', async () => {
    const { status, body } = await fixture.hub.query('{ publicPenalties(first: 100, region: "510000") { totalCount edges { node { decisionNo subjectKind institution { name } } } } }');
    assert.equal(status, 200);
    const page = (body.data as { publicPenalties: { totalCount: number; edges: Array<{ node: { decisionNo: string; subjectKind: string; institution: { name: string } | null } }> } }).publicPenalties;
    assert.equal(page.totalCount, 6);
    assert.deepEqual(page.edges.map((e) => e.node.decisionNo).sort(), ['DEC-510104-1', 'DEC-510104-2', 'DEC-510181-1', 'DEC-510181-2', 'DEC-511002-1', 'DEC-511002-2']);
    assert.ok(page.edges.filter((e) => e.node.subjectKind === 'PERSON').every((e) => e.node.institution === null));
    const text = JSON.stringify(body);
    for (const person of [dujiangyan, jinjiang, neijiang, xuhui]) assert.ok(!text.includes(person.name.slice(0, 1) + '*') && !text.includes(person.idNumber.slice(0, 6) + '*'), 'not even masked');
  });
});

describe('variables', () => {
  test('a variable graphql-js itself refuses (an enum value that does not exist) is BAD_USER_INPUT with status 400, not an internal error', async () => {
    const token = await fixture.hub.tokenFor('health:510181', ['clue:read']);
    const { status, body } = await fixture.hub.query('query Q($f: ClueFilter) { clues(first: 1, filter: $f) { totalCount } }', { token, variables: { f: { category: 'NOT_A_CATEGORY' } } });
    assert.equal(status, 400);
    assert.deepEqual(codes(body), ['BAD_USER_INPUT']);
    assert.match(body.errors?.[0]?.message ?? '', /NOT_A_CATEGORY.*SharedCategory/);
  });
});
