import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { count, eq, inArray, sql } from 'drizzle-orm';
import * as t from '../../schema/tables.ts';
import { type IngestHarness, startIngestHarness } from '../support/ingest-harness.ts';
import { kcatPublish, kcatReadAll } from '../support/kcat.ts';
import { readSampleFeeds } from '../support/samples.ts';
import { waitFor } from '../support/wait-for.ts';

// Issue #2, test 3: each class of bad input lands in the DLQ with its own
// code, original bytes and headers; the consumer keeps going and every
// later good event lands.

type Event = Record<string, any>;
const [health, police] = readSampleFeeds();
const clue = health!.events.find((e) => e.type === 'health.clue.reported') as Event;
const penalty = health!.events.find((e) => e.type === 'health.penalty.decided') as Event;
const institution = health!.events.find((e) => e.type === 'health.institution.registered') as Event;
const offender = police!.events.find((e) => e.type === 'police.offender.penalized') as Event;

let n = 0;
const fresh = (event: Event, patch: (copy: Event) => void = () => {}) => {
  const copy = structuredClone(event);
  copy.id = `dlq-test-${n++}`;
  patch(copy);
  return copy;
};
const json = (event: Event) => JSON.stringify(event);

/** Each bad input, the topic it goes to, and the code it must be dead-lettered with. */
const badInputs: { name: string; topic: string; value: string; code: string }[] = [
  { name: 'wrong-uscc-check-character', topic: 'health.events', code: 'INVALID_USCC', value: json(fresh(institution, (e) => { e.data.uscc = e.data.uscc.slice(0, 17) + (e.data.uscc.endsWith('A') ? 'B' : 'A'); e.subject = `institution:${e.data.uscc}`; })) },
  { name: 'wrong-id-check-character', topic: 'police.events', code: 'INVALID_ID_NUMBER', value: json(fresh(offender, (e) => { e.data.idNumber = e.data.idNumber.slice(0, 17) + (e.data.idNumber.endsWith('3') ? '4' : '3'); e.subject = `person:${e.data.idNumber}`; })) },
  { name: 'department-not-matching-topic', topic: 'health.events', code: 'DEPARTMENT_MISMATCH', value: json(fresh(clue, (e) => { e.source = e.source.replace('/health/', '/market/'); })) },
  { name: 'unknown-type', topic: 'health.events', code: 'UNKNOWN_TYPE', value: json(fresh(clue, (e) => { e.type = 'health.clue.vanished'; })) },
  { name: 'missing-field', topic: 'health.events', code: 'MISSING_FIELD', value: json(fresh(penalty, (e) => { delete e.data.decisionNo; })) },
  { name: 'mistyped-field', topic: 'health.events', code: 'INVALID_FIELD', value: json(fresh(penalty, (e) => { e.data.fineYuan = '31000元'; })) },
  { name: 'negative-amount', topic: 'health.events', code: 'NEGATIVE_AMOUNT', value: json(fresh(penalty, (e) => { e.data.fineYuan = -500; })) },
  { name: 'impossible-date', topic: 'health.events', code: 'INVALID_DATE', value: json(fresh(penalty, (e) => { e.data.decidedAt = '2026-02-30T09:30:00+08:00'; })) },
  { name: 'impossible-event-time', topic: 'health.events', code: 'INVALID_DATE', value: json(fresh(clue, (e) => { e.time = '2026-13-01T09:30:00Z'; })) },
  { name: 'not-json', topic: 'health.events', code: 'NOT_JSON', value: '{"specversion":"1.0","id":"truncated' },
  { name: 'json-not-cloudevent', topic: 'health.events', code: 'NOT_CLOUDEVENT', value: JSON.stringify({ clueId: 'XS-1', summary: 'raw payload without an envelope' }) },
  { name: 'wrong-specversion', topic: 'health.events', code: 'UNSUPPORTED_SPECVERSION', value: json(fresh(clue, (e) => { e.specversion = '0.3'; })) },
  { name: 'malformed-source-region', topic: 'health.events', code: 'INVALID_REGION', value: json(fresh(clue, (e) => { e.source = '/health/51018/complaints'; })) },
  { name: 'malformed-data-region', topic: 'health.events', code: 'INVALID_REGION', value: json(fresh(institution, (e) => { e.data.region = '5101811'; })) },
  { name: 'malformed-source', topic: 'health.events', code: 'BAD_SOURCE', value: json(fresh(clue, (e) => { e.source = 'health-510181'; })) },
  { name: 'nul-in-text', topic: 'health.events', code: 'INVALID_TEXT', value: json(fresh(clue, (e) => { e.data.summary = 'before\u0000after'; })) },
  { name: 'subject-not-matching-data', topic: 'health.events', code: 'SUBJECT_MISMATCH', value: json(fresh(penalty, (e) => { e.subject = 'institution:9151018100010002X7'; })) },
];

let hub: IngestHarness;
before(async () => {
  hub = await startIngestHarness();
});
after(async () => {
  await hub?.close();
});

test('each class of bad input is dead-lettered with its own code, its original bytes and headers', async () => {
  for (const bad of badInputs) {
    await kcatPublish(hub.broker.bootstrap, bad.topic, [{ key: bad.name, value: bad.value }], { 'content-type': 'application/cloudevents+json', 'x-region-system': 'test-suite' });
  }
  await waitFor('all bad inputs in the dead-letter table', async () => (await hub.database.db.select({ n: count() }).from(t.deadLettersTable))[0]!.n === badInputs.length);

  const stored = await hub.database.db.select().from(t.deadLettersTable);
  const onTopics = [...(await kcatReadAll(hub.broker.bootstrap, 'health.events.dlq')), ...(await kcatReadAll(hub.broker.bootstrap, 'police.events.dlq'))];
  for (const bad of badInputs) {
    const row = stored.find((r) => r.messageKey?.toString() === bad.name);
    assert.ok(row, `${bad.name} in the dead-letter table`);
    assert.equal(row.errorCode, bad.code, `${bad.name}: ${row.reason}`);
    assert.equal(row.value?.toString(), bad.value);
    assert.equal(row.topic, bad.topic);

    const record = onTopics.find((r) => r.key === bad.name);
    assert.ok(record, `${bad.name} on ${bad.topic}.dlq`);
    assert.equal(record.value, bad.value, 'original bytes');
    assert.equal(record.headers['x-hub-error'], bad.code);
    assert.ok(record.headers['x-hub-reason']!.length > 0);
    assert.equal(record.headers['content-type'], 'application/cloudevents+json', 'original headers kept');
    assert.equal(record.headers['x-region-system'], 'test-suite');
    assert.equal(record.headers['x-hub-source-topic'], bad.topic);
  }
  const idCase = badInputs.find((b) => b.code === 'INVALID_ID_NUMBER')!;
  const idRow = stored.find((r) => r.messageKey?.toString() === idCase.name)!;
  const badId = (JSON.parse(idCase.value) as Event).data.idNumber as string;
  assert.ok(!idRow.reason.includes(badId) && !idRow.reason.includes(offender.data.name), 'the reason names the field, never the personal value');
  const codes = new Set(badInputs.map((b) => b.code));
  assert.equal(codes.size, 15, 'fifteen distinct codes for the classes of bad input');
});

test('the consumer keeps consuming: every good event after the bad ones lands', async () => {
  const good = [fresh(clue, (e) => { e.data.clueId = 'XS-after-bad-1'; }), fresh(clue, (e) => { e.data.clueId = 'XS-after-bad-2'; })];
  await kcatPublish(hub.broker.bootstrap, 'health.events', good.map((e) => ({ key: e.subject, value: json(e) })));
  const goodOffender = fresh(offender, (e) => { e.data.recordNo = 'GA-after-bad'; });
  await kcatPublish(hub.broker.bootstrap, 'police.events', [{ key: goodOffender.subject, value: json(goodOffender) }]);
  await waitFor('good events stored', async () => {
    const clues = await hub.database.db.select().from(t.cluesTable).where(inArray(t.cluesTable.clueId, ['XS-after-bad-1', 'XS-after-bad-2']));
    const offenders = await hub.database.db.select().from(t.offenderRecordsTable).where(eq(t.offenderRecordsTable.recordNo, 'GA-after-bad'));
    return clues.length === 2 && offenders.length === 1;
  });
  assert.equal((await hub.database.db.select({ n: count() }).from(t.deadLettersTable))[0]!.n, badInputs.length, 'no good event was dead-lettered');
});

test('an event the database refuses, though it passed its contract, is dead-lettered alone as STORE_REJECTED', async () => {
  // A trigger stands for any refusal no contract rule foresaw; the database itself does the refusing.
  await hub.database.db.execute(
    sql.raw(`create function refuse_poison() returns trigger language plpgsql as $$ begin
      if new.summary = 'POISON' then raise exception 'refused' using errcode = '23514'; end if; return new; end $$;
      create trigger refuse_poison before insert on clues for each row execute function refuse_poison();`),
  );
  const events = ['XS-poison-before', 'XS-poison', 'XS-poison-after'].map((clueId) =>
    fresh(clue, (e) => {
      e.data.clueId = clueId;
      if (clueId === 'XS-poison') e.data.summary = 'POISON';
    }),
  );
  await kcatPublish(hub.broker.bootstrap, 'health.events', events.map((e) => ({ key: e.subject, value: json(e) })));
  await waitFor('the neighbours stored', async () => (await hub.database.db.select().from(t.cluesTable).where(inArray(t.cluesTable.clueId, ['XS-poison-before', 'XS-poison-after']))).length === 2);
  const [rejected] = await waitFor('the poison dead-lettered', async () => {
    const rows = await hub.database.db.select().from(t.deadLettersTable).where(eq(t.deadLettersTable.errorCode, 'STORE_REJECTED'));
    return rows.length === 1 ? rows : undefined;
  });
  assert.equal(rejected!.eventId, events[1]!.id);
  assert.match(rejected!.reason, /SQLSTATE 23514/);
  const onTopic = await kcatReadAll(hub.broker.bootstrap, 'health.events.dlq');
  assert.ok(onTopic.some((r) => r.headers['x-hub-error'] === 'STORE_REJECTED' && r.value === json(events[1]!)));
});
