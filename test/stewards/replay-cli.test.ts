import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { after, before, test } from 'node:test';
import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import { verifyAuditChain } from '../../gateway/audit/verify-audit-chain.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';
import { deadLettersTable, type DeadLetterRow } from '../../schema/tables/ingest.ts';
import { kcatReadAll } from '../support/kcat.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { captureChildLog, childLogEnv } from '../support/test-log.ts';

// `npm run hub -- replay-dead-letters`: bulk replay from the command line, against real PostgreSQL
// and the real broker (what it sent is read back with kcat): chunks of 500 with a progress line
// each, every dead letter marked and audited as a STEWARD_CHANGE by cli:<os user>.

let broker: EmbeddedBroker;
let database: TestDatabase;
const actor = `cli:${userInfo().username}`;

const deadLetter = (topic: string, errorCode: string, n: number): DeadLetterRow => ({
  topic,
  partition: n % 4,
  offset: n,
  messageKey: Buffer.from(`institution:key-${n}`),
  value: Buffer.from(JSON.stringify({ specversion: '1.0', id: `cli-replay-${topic}-${n}`, source: '/health/510181/test' })),
  headers: { 'content-type': 'application/cloudevents+json', 'x-seq': String(n) },
  errorCode,
  reason: 'seeded for the replay command',
  eventSource: '/health/510181/test',
  eventId: `cli-replay-${topic}-${n}`,
});

function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cli = new URL('../../hub/cli.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', cli, 'replay-dead-letters', ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: database.url, KAFKA_BROKERS: broker.bootstrap, ...childLogEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  captureChildLog(child, 'hub-replay-cli');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

const replayedCount = async (errorCode: string) =>
  (await database.db.select({ n: count() }).from(deadLettersTable).where(and(eq(deadLettersTable.errorCode, errorCode), isNotNull(deadLettersTable.replayedAt))))[0]!.n;

before(async () => {
  broker = await startEmbeddedBroker();
  database = await createTestDatabase();
  const rows = [
    ...Array.from({ length: 1200 }, (_, n) => deadLetter('health.events', 'STORE_REJECTED', n)),
    ...Array.from({ length: 3 }, (_, n) => deadLetter('health.events', 'INVALID_USCC', 2000 + n)),
    ...Array.from({ length: 2 }, (_, n) => deadLetter('market.events', 'STORE_REJECTED', 3000 + n)),
  ];
  for (let at = 0; at < rows.length; at += 400) await database.db.insert(deadLettersTable).values(rows.slice(at, at + 400));
});

after(async () => {
  await database?.drop();
  await broker?.stop();
});

test('without --yes it only says how many it would replay', async () => {
  const { code, stdout } = await runCli(['--topic', 'health.events', '--error-code', 'STORE_REJECTED']);
  assert.equal(code, 0);
  assert.match(stdout, /^1200 dead letters of health\.events with code STORE_REJECTED would be replayed; run again with --yes/);
  assert.equal(await replayedCount('STORE_REJECTED'), 0);
});

test('bad usage exits 2 and names the problem: no topic, no broker configured', async () => {
  const noTopic = await runCli(['--yes']);
  assert.equal(noTopic.code, 2);
  assert.match(noTopic.stderr, /--topic is required/);
  const noBroker = await runCli(['--topic', 'health.events', '--yes'], { KAFKA_BROKERS: '' });
  assert.equal(noBroker.code, 2);
  assert.match(noBroker.stderr, /KAFKA_BROKERS must name the cluster/);
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--error-code <code>/);
});

test('--yes replays in chunks of 500 with a progress line each; every one sent, marked and audited once', { timeout: 90_000 }, async () => {
  const { code, stdout, stderr } = await runCli(['--topic', 'health.events', '--error-code', 'STORE_REJECTED', '--yes']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(stdout.split('\n').filter((line) => line.startsWith('replayed ')), ['replayed 500/1200', 'replayed 1000/1200', 'replayed 1200/1200']);

  const marked = await database.db.select().from(deadLettersTable).where(eq(deadLettersTable.errorCode, 'STORE_REJECTED'));
  const healthRows = marked.filter((row) => row.topic === 'health.events');
  assert.ok(healthRows.every((row) => row.replayCount === 1 && row.replayedBy === actor && row.replayedAt !== null));
  assert.ok(marked.filter((row) => row.topic === 'market.events').every((row) => row.replayedAt === null), 'another topic is untouched');
  assert.equal(await replayedCount('INVALID_USCC'), 0, 'another code is untouched');

  const entries = await database.db.select().from(auditLogTable).where(and(eq(auditLogTable.action, 'STEWARD_CHANGE'), eq(auditLogTable.fieldPath, 'replay-dead-letters')));
  assert.equal(entries.length, 1200);
  assert.deepEqual(new Set(entries.map((entry) => entry.recordId)), new Set(healthRows.map((row) => `dead_letters:${row.id}`)), 'one entry per dead letter');
  assert.ok(entries.every((entry) => entry.actor === actor && entry.agency === 'hub-cli' && entry.subjectIdNumber === null));
  assert.equal((await verifyAuditChain(database.db)).ok, true, 'the chain holds');

  const sent = await kcatReadAll(broker.bootstrap, 'health.events');
  assert.equal(sent.length, 1200);
  const byId = new Map(healthRows.map((row) => [String(row.id), row]));
  for (const record of sent) {
    const row = byId.get(record.headers['hub-replay-of']!);
    assert.ok(row, 'each message names the dead letter it replays');
    assert.equal(record.value, row.value!.toString(), 'original bytes');
    assert.equal(record.key, row.messageKey!.toString(), 'original key');
    assert.equal(record.headers['x-seq'], row.headers['x-seq'], 'original headers');
  }
  assert.equal(new Set(sent.map((record) => record.headers['hub-replay-of'])).size, 1200, 'each once');
});

test('--limit stops after that many; a second run takes only those not replayed yet', async () => {
  const first = await runCli(['--topic', 'health.events', '--limit', '2', '--yes']);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /^replayed 2\/2$/m);
  assert.equal(await replayedCount('INVALID_USCC'), 2);
  const second = await runCli(['--topic', 'health.events', '--yes']);
  assert.match(second.stdout, /^replayed 1\/1$/m, 'the 1,200 replayed before are not taken again');
  const waiting = await database.db.select({ n: count() }).from(deadLettersTable).where(and(eq(deadLettersTable.topic, 'health.events'), isNull(deadLettersTable.replayedAt)));
  assert.equal(waiting[0]!.n, 0);
});
