import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HubDatabase } from '../../schema/db/database.ts';
import type { AuditEntryDraft } from './audit-entry.ts';
import { createAuditAppender } from './audit-appender.ts';

const draft = (recordId: string): AuditEntryDraft => ({ action: 'UNMASKED_READ', actor: 'a', agency: 'health:510181', operation: 'Q', fieldPath: 'f', recordId, purposeBasis: 'INSPECTION', purposeReference: 'r', requestId: 'req', subjectIdNumber: null });

function controlledWriter() {
  const writes: Array<{ ids: string[]; finish(error?: Error): void }> = [];
  const write = (drafts: AuditEntryDraft[]) =>
    new Promise<void>((resolve, reject) => writes.push({ ids: drafts.map((d) => d.recordId), finish: (error) => (error ? reject(error) : resolve()) }));
  return { writes, write };
}

const settled = async (promise: Promise<void>) => {
  const state = await Promise.race([promise.then(() => 'resolved', () => 'rejected'), new Promise((resolve) => setImmediate(() => resolve('pending')))]);
  return state;
};

test('appends arriving while one is written go together in the next write, each settling with its own', async () => {
  const { writes, write } = controlledWriter();
  const appender = createAuditAppender({} as HubDatabase, { write });
  const first = appender.append([draft('1')]);
  const second = appender.append([draft('2'), draft('3')]);
  const third = appender.append([draft('4')]);
  assert.deepEqual(writes.map((w) => w.ids), [['1']]);
  assert.equal(await settled(second), 'pending', 'nothing returns before its record is written');
  writes[0]!.finish();
  await first;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes.map((w) => w.ids), [['1'], ['2', '3', '4']]);
  assert.equal(await settled(second), 'pending');
  writes[1]!.finish();
  await Promise.all([second, third]);
});

test('a failed write of one request refuses it; the next ones are written', async () => {
  const { writes, write } = controlledWriter();
  const appender = createAuditAppender({} as HubDatabase, { write });
  const first = appender.append([draft('1')]);
  const second = appender.append([draft('2')]);
  writes[0]!.finish(new Error('database down'));
  await assert.rejects(first, /database down/);
  await new Promise((resolve) => setImmediate(resolve));
  writes[1]!.finish();
  await second;
  assert.equal(await settled(appender.append([])), 'resolved', 'nothing to write resolves at once');
});

test("a refused group is retried request by request: one bad entry withholds only its own request's reads", async () => {
  const { writes, write } = controlledWriter();
  const appender = createAuditAppender({} as HubDatabase, { write });
  const first = appender.append([draft('1')]);
  const good = appender.append([draft('good')]);
  const bad = appender.append([draft('bad')]);
  writes[0]!.finish();
  await first;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes[1]!.ids, ['good', 'bad']);
  writes[1]!.finish(new Error('22021 invalid byte sequence'));
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes[2]!.ids, ['good']);
  writes[2]!.finish();
  await good;
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writes[3]!.ids, ['bad']);
  writes[3]!.finish(new Error('22021 invalid byte sequence'));
  await assert.rejects(bad, /22021/);
});

test('each write is counted by action and outcome and timed; its log line names request ids, never whose data was read', async () => {
  const { writes, write } = controlledWriter();
  const counted: Array<[string, string, number]> = [];
  const timings: number[] = [];
  const lines: string[] = [];
  const appender = createAuditAppender({} as HubDatabase, {
    write,
    metrics: { auditWritten: (action, outcome, entries) => counted.push([action, outcome, entries]), auditAppendTook: (seconds) => timings.push(seconds) },
    log: { debug: (object, message) => lines.push(JSON.stringify({ ...object, message })), warn: (object, message) => lines.push(JSON.stringify({ ...object, message })) },
  });
  const person = { ...draft('person:510181197001101002'), subjectIdNumber: '510181197001101002' };
  const first = appender.append([person, { ...draft('dead_letters:1'), action: 'DEAD_LETTER_READ' }]);
  writes[0]!.finish();
  await first;
  const failed = appender.append([draft('x')]);
  await new Promise((resolve) => setImmediate(resolve));
  writes[1]!.finish(new Error('database down'));
  await assert.rejects(failed);
  assert.deepEqual(counted, [['UNMASKED_READ', 'written', 1], ['DEAD_LETTER_READ', 'written', 1], ['UNMASKED_READ', 'failed', 1]]);
  assert.equal(timings.length, 2);
  assert.equal(lines.length, 2);
  assert.match(lines[0]!, /"requestIds":\["req"\]/);
  assert.match(lines[1]!, /audit append failed/);
  for (const line of lines) assert.ok(!line.includes('510181197001101002'), line);
});
