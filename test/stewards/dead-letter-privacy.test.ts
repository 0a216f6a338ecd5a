import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { PHOTO_REF_PLACEHOLDER } from '../../gateway/access/mask-event-text.ts';
import { appendAuditEntries } from '../../gateway/audit/append-audit.ts';
import { maskIdNumber, maskName } from '../../schema/identifiers/index.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';
import { deadLettersTable } from '../../schema/tables/ingest.ts';
import { seededGatewayFixture } from '../support/gateway-harness.ts';
import { seedPeople } from '../support/gateway-seed.ts';

// What a steward sees of a dead letter is masked like any other personal data (DESIGN.md, Access): a
// police event's ID numbers, names and photo reference, in JSON and in a message cut off; the reads are
// audited once per person named, so each one's access report shows them. The audit log's own text
// (record id, detail, purpose reference) never shows an ID number either. Real PostgreSQL, the real gateway.

const fixture = seededGatewayFixture();
const [dujiangyan, chengdu] = seedPeople as [(typeof seedPeople)[0], (typeof seedPeople)[0]];

const offenderEvent = JSON.stringify({
  specversion: '1.0',
  id: `person-${dujiangyan.idNumber}`,
  source: '/police/510181/public-order',
  type: 'police.offender.penalized',
  time: '2026-02-30T09:00:00+08:00',
  subject: `person:${dujiangyan.idNumber}`,
  data: { recordNo: 'GA-510181-dl', idNumber: dujiangyan.idNumber, name: dujiangyan.name, offenseCode: 'GA-YT', penalty: `同案人${chengdu.idNumber}`, decidedAt: '2026-02-01T00:00:00Z', photoRef: dujiangyan.photoRef },
});
const cutOff = offenderEvent.slice(0, offenderEvent.indexOf('"offenseCode"'));

describe('dead letters and the audit log, as stewards read them', () => {
  let letters: { offender: number; cutOff: number };
  let steward: string;

  before(async () => {
    const row = (offset: number, value: string, errorCode: string) => ({
      topic: 'police.events',
      partition: 0,
      offset,
      messageKey: null,
      value: Buffer.from(value),
      headers: {},
      errorCode,
      reason: 'seeded',
      eventSource: '/police/510181/public-order',
      eventId: `person-${dujiangyan.idNumber}`,
    });
    const [offender, truncated] = await fixture.database.db.insert(deadLettersTable).values([row(1, offenderEvent, 'INVALID_DATE'), row(2, cutOff, 'NOT_JSON')]).returning({ id: deadLettersTable.id });
    letters = { offender: offender!.id, cutOff: truncated!.id };
    steward = await fixture.hub.tokenFor('police:510000', ['steward']);
  });

  test('a dead letter’s event, event id and source show no ID number, name or photo reference', async () => {
    const { body } = await fixture.hub.query('query Inspect { deadLetters(topic: "police.events") { edges { node { id eventId eventSource event } } } }', { token: steward });
    assert.deepEqual(body.errors, undefined);
    const text = JSON.stringify(body);
    for (const secret of [dujiangyan.idNumber, dujiangyan.name, dujiangyan.photoRef, chengdu.idNumber]) assert.ok(!text.includes(secret), secret);

    const nodes = new Map((body.data as { deadLetters: { edges: Array<{ node: { id: string; eventId: string; event: string } }> } }).deadLetters.edges.map((e) => [Number(e.node.id), e.node]));
    const offender = nodes.get(letters.offender)!;
    assert.equal(offender.eventId, `person-${maskIdNumber(dujiangyan.idNumber)}`);
    const event = JSON.parse(offender.event);
    assert.equal(event.subject, `person:${maskIdNumber(dujiangyan.idNumber)}`);
    assert.deepEqual(event.data, {
      recordNo: 'GA-510181-dl',
      idNumber: maskIdNumber(dujiangyan.idNumber),
      name: maskName(dujiangyan.name),
      offenseCode: 'GA-YT',
      penalty: `同案人${maskIdNumber(chengdu.idNumber)}`,
      decidedAt: '2026-02-01T00:00:00Z',
      photoRef: PHOTO_REF_PLACEHOLDER,
    });
    assert.match(nodes.get(letters.cutOff)!.event, new RegExp(`"name":"${maskName(dujiangyan.name).replaceAll('*', '\\*')}",$`), 'a message cut off is masked as far as it reads as JSON');
  });

  test('each read is audited once per person the event names, and shows in that person’s access report', async () => {
    const reads = await fixture.database.db.select().from(auditLogTable).where(eq(auditLogTable.action, 'DEAD_LETTER_READ'));
    const subjectsOf = (id: number) => reads.filter((entry) => entry.recordId === `dead_letters:${id}`).map((entry) => entry.subjectIdNumber).sort();
    assert.deepEqual(subjectsOf(letters.offender), [dujiangyan.idNumber, chengdu.idNumber].sort());
    assert.deepEqual(subjectsOf(letters.cutOff), [dujiangyan.idNumber]);
    assert.ok(reads.every((entry) => entry.agency === 'police:510000' && (entry.detail as { stewardRegion?: string }).stewardRegion === '510000'));

    const { body } = await fixture.hub.query(`{ auditLog(filter: { idNumber: "${chengdu.idNumber}" }) { edges { node { action recordId subjectIdNumber } } } }`, { token: steward });
    assert.deepEqual(body.errors, undefined);
    assert.deepEqual((body.data as { auditLog: { edges: Array<{ node: unknown }> } }).auditLog.edges.map((e) => e.node), [
      { action: 'DEAD_LETTER_READ', recordId: `dead_letters:${letters.offender}`, subjectIdNumber: maskIdNumber(chengdu.idNumber) },
    ]);
  });

  test('the audit log masks ID numbers in the detail and the purpose reference', async () => {
    await appendAuditEntries(fixture.database.db, [
      {
        action: 'STEWARD_CHANGE',
        actor: 'steward-sc',
        agency: 'police:510000',
        operation: 'Seeded',
        fieldPath: 'replayDeadLetters',
        recordId: `dead_letters:${letters.offender}`,
        purposeBasis: 'CASE_INVESTIGATION',
        purposeReference: `案-${chengdu.idNumber}`,
        requestId: 'req-privacy',
        subjectIdNumber: null,
        detail: { replayed: { eventId: `person-${dujiangyan.idNumber}` }, stewardRegion: '510000' },
      },
    ]);
    const { body } = await fixture.hub.query('{ auditLog(filter: { action: STEWARD_CHANGE, fieldPath: "replayDeadLetters" }) { edges { node { recordId detail purposeReference } } } }', { token: steward });
    assert.deepEqual(body.errors, undefined);
    const [node] = (body.data as { auditLog: { edges: Array<{ node: { detail: string; purposeReference: string } }> } }).auditLog.edges.map((e) => e.node);
    assert.deepEqual(JSON.parse(node!.detail), { replayed: { eventId: `person-${maskIdNumber(dujiangyan.idNumber)}` }, stewardRegion: '510000' });
    assert.equal(node!.purposeReference, `案-${maskIdNumber(chengdu.idNumber)}`);
    const [stored] = await fixture.database.db.select().from(auditLogTable).where(and(eq(auditLogTable.requestId, 'req-privacy')));
    assert.equal((stored!.detail as { replayed: { eventId: string } }).replayed.eventId, `person-${dujiangyan.idNumber}`, 'stored as written: the chain hashes what was recorded');
  });
});
