import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { createRepublisher, type Republisher } from '../../connectors/runtime/kafka.ts';
import type { RepublishedMessage } from '../../gateway/context.ts';
import { lockNextWaitingDeadLetters, newestDeadLetterId } from '../../gateway/data/dead-letters.ts';
import { replayDeadLetterBatch } from '../../gateway/stewardship/replay-dead-letters.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import { auditLogTable } from '../../schema/tables/audit.ts';
import { deadLettersTable } from '../../schema/tables/ingest.ts';
import { startGatewayHarness, type GatewayHarness, type GraphQLBody } from '../support/gateway-harness.ts';
import { quietLog } from '../support/ingest-harness.ts';
import { kcatReadAll } from '../support/kcat.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

// Two replays of the same dead letter at the same moment (two stewards, or a steward and the command)
// send it once: the first locks it (FOR UPDATE SKIP LOCKED) and marks, audits, sends and commits in one
// transaction; the second finds it locked and reports it skipped. A broker that refuses leaves nothing
// marked or recorded. Real PostgreSQL and the real broker; what was sent is read back with kcat.

const TOPIC = 'replay-race.events';
const REPLAY = 'mutation Replay($ids: [ID!]!) { replayDeadLetters(ids: $ids) { requested republished skipped notFound } }';

let broker: EmbeddedBroker;
let database: TestDatabase;
let republisher: Republisher;
let gateway: GatewayHarness;
let tokens: Record<'sichuan' | 'national', string>;

/** Set by a test: the next send waits in the broker call until released, or fails. */
let nextSend: { kind: 'hold'; entered: () => void; release: Promise<void> } | { kind: 'fail' } | null = null;

async function republish(messages: RepublishedMessage[]): Promise<void> {
  const step = nextSend;
  nextSend = null;
  if (step?.kind === 'fail') throw new Error('broker unavailable (test)');
  if (step?.kind === 'hold') {
    step.entered();
    await step.release;
  }
  await republisher.send(messages);
}

async function seedDeadLetter(offset: number): Promise<string> {
  const [row] = await database.db
    .insert(deadLettersTable)
    .values({
      topic: TOPIC,
      partition: 0,
      offset,
      messageKey: Buffer.from(`key-${offset}`),
      value: Buffer.from(JSON.stringify({ specversion: '1.0', id: `race-${offset}`, source: '/health/510181/race' })),
      headers: { 'content-type': 'application/cloudevents+json' },
      errorCode: 'STORE_REJECTED',
      reason: 'seeded for the race',
      eventSource: '/health/510181/race',
      eventId: `race-${offset}`,
    })
    .returning({ id: deadLettersTable.id });
  return String(row!.id);
}

const replayOf = (body: GraphQLBody) => {
  assert.deepEqual(body.errors, undefined);
  return (body.data as { replayDeadLetters: unknown }).replayDeadLetters;
};
const auditEntriesFor = (id: string) => database.db.select().from(auditLogTable).where(and(eq(auditLogTable.action, 'STEWARD_CHANGE'), eq(auditLogTable.recordId, `dead_letters:${id}`)));
const rowOf = async (id: string) => (await database.db.select().from(deadLettersTable).where(eq(deadLettersTable.id, Number(id))))[0]!;
const sentFor = async (id: string) => (await kcatReadAll(broker.bootstrap, TOPIC)).filter((record) => record.headers['hub-replay-of'] === id);

before(async () => {
  broker = await startEmbeddedBroker();
  database = await createTestDatabase();
  republisher = createRepublisher({ brokers: [broker.bootstrap], clientId: 'hub-test-replay-race', log: quietLog });
  gateway = await startGatewayHarness(database.db, { republish });
  tokens = { sichuan: await gateway.tokenFor('health:510000', ['steward']), national: await gateway.tokenFor('health:000000', ['steward']) };
});

after(async () => {
  gateway?.close();
  await republisher?.close();
  await database?.drop();
  await broker?.stop();
});

test('two replays of one dead letter at the same moment: one sends it, once, with one audit entry; the other reports it skipped', async () => {
  const id = await seedDeadLetter(1);
  let release!: () => void;
  const entered = new Promise<void>((resolveEntered) => {
    nextSend = { kind: 'hold', entered: resolveEntered, release: new Promise<void>((resolveRelease) => (release = resolveRelease)) };
  });

  const first = gateway.query(REPLAY, { token: tokens.sichuan, variables: { ids: [id] } });
  await entered; // the first replay holds the row, marked and audited in its open transaction, and is sending
  const second = await gateway.query(REPLAY, { token: tokens.national, variables: { ids: [id] } });
  assert.deepEqual(replayOf(second.body), { requested: 1, republished: 0, skipped: [id], notFound: [] });
  // The command's bulk replay passes it over too.
  const byCommand = await replayDeadLetterBatch(
    database.db,
    async (tx) => lockNextWaitingDeadLetters(tx, { topic: TOPIC, errorCode: null }, 0, await newestDeadLetterId(database.db), 500),
    republish,
    { actor: 'cli:test', agency: 'hub-cli', operation: 'replay-dead-letters', requestId: 'req-race-cli', fieldPath: 'replay-dead-letters' },
  );
  assert.deepEqual(byCommand, []);

  release();
  assert.deepEqual(replayOf((await first).body), { requested: 1, republished: 1, skipped: [], notFound: [] });
  assert.equal((await sentFor(id)).length, 1, 'sent once');
  const entries = await auditEntriesFor(id);
  assert.equal(entries.length, 1, 'audited once');
  assert.equal(entries[0]!.agency, 'health:510000');
  const row = await rowOf(id);
  assert.equal(row.replayCount, 1);
  assert.equal(row.replayedBy, 'dev-health-officer');

  // Asked for again by id once the first replay is done, it is sent again: a steward may replay a replayed dead letter.
  assert.deepEqual(replayOf((await gateway.query(REPLAY, { token: tokens.national, variables: { ids: [id] } })).body), { requested: 1, republished: 1, skipped: [], notFound: [] });
  assert.equal((await sentFor(id)).length, 2);
  assert.equal((await rowOf(id)).replayCount, 2);
});

test('a broker that refuses the batch: SERVICE_UNAVAILABLE, and the mark and the audit entry roll back', async () => {
  const id = await seedDeadLetter(2);
  nextSend = { kind: 'fail' };
  const { body } = await gateway.query(REPLAY, { token: tokens.sichuan, variables: { ids: [id] } });
  assert.deepEqual(body.errors?.map((error) => error.extensions?.code), ['SERVICE_UNAVAILABLE']);
  const row = await rowOf(id);
  assert.equal(row.replayedAt, null);
  assert.equal(row.replayCount, 0);
  assert.deepEqual(await auditEntriesFor(id), []);
  assert.deepEqual(await sentFor(id), []);

  // Tried again with the broker back, it goes through.
  assert.deepEqual(replayOf((await gateway.query(REPLAY, { token: tokens.sichuan, variables: { ids: [id] } })).body), { requested: 1, republished: 1, skipped: [], notFound: [] });
  assert.equal((await auditEntriesFor(id)).length, 1);
  assert.equal((await sentFor(id)).length, 1);
});
