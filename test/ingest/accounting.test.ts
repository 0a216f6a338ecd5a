import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { count } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { connectors } from '../../connectors/index.ts';
import { measureLag } from '../../connectors/runtime/kafka.ts';
import { defaultGroupId } from '../../connectors/runtime/run-connectors.ts';
import { generateEvents } from '../../hub/demo/generate-events.ts';
import * as t from '../../schema/tables.ts';
import { type IngestHarness, startIngestHarness } from '../support/ingest-harness.ts';
import { kcatPublish } from '../support/kcat.ts';
import { waitFor } from '../support/wait-for.ts';

// Issue #2, test 5: for a run of mixed good and bad events,
// ingested + dead-lettered = published, exactly.

let hub: IngestHarness;
before(async () => {
  hub = await startIngestHarness();
});
after(async () => {
  await hub?.close();
});

test('ingested + dead-lettered = published, exactly', async () => {
  const messages = [...generateEvents({ facts: 3_000, badEvery: 7, seed: 'accounting' })];
  const goodCount = messages.filter((m) => m.valid).length;
  const bad = messages.length - goodCount;
  assert.ok(bad > 400 && goodCount > 2_500);
  for (const topic of new Set(messages.map((m) => m.topic))) {
    await kcatPublish(hub.broker.bootstrap, topic, messages.filter((m) => m.topic === topic));
  }
  const groups = connectors.map((c) => ({ groupId: defaultGroupId(c), topic: c.topic }));
  await waitFor('every group caught up', async () => (await measureLag(hub.kafka, groups)).every((g) => g.lag === 0), 120_000, 500);

  const ledger = (await hub.database.db.select({ n: count() }).from(t.ingestedEventsTable))[0]!.n;
  const deadLetters = (await hub.database.db.select({ n: count() }).from(t.deadLettersTable))[0]!.n;
  assert.equal(ledger + deadLetters, messages.length);
  assert.equal(ledger, goodCount);
  assert.equal(deadLetters, bad);
  assert.equal(hub.counters.ingested, goodCount);
  assert.equal(hub.counters.deadLettered, bad);
  assert.equal(hub.counters.duplicates, 0);
  // Every accepted fact has its row: the ledger alone would not show a row lost to a key collision.
  const good = messages.filter((m) => m.valid).map((m) => (JSON.parse(m.value) as { type: string }).type);
  const ofTypes = (...types: string[]) => good.filter((type) => types.includes(type)).length;
  const rows = async (table: PgTable) => (await hub.database.db.select({ n: count() }).from(table))[0]!.n;
  assert.equal(await rows(t.cluesTable), ofTypes('health.clue.reported', 'police.clue.reported'));
  assert.equal(await rows(t.penaltiesTable), ofTypes('health.penalty.decided', 'market.penalty.decided', 'tax.penalty.decided', 'insurance.fraud.confirmed'));
  assert.equal(await rows(t.inspectionsTable), ofTypes('health.inspection.completed'));
  assert.equal(await rows(t.scoreRecordsTable), ofTypes('health.score.recorded'));
  assert.equal(await rows(t.offenderRecordsTable), ofTypes('police.offender.penalized'));
  assert.equal(await rows(t.insuranceAlertsTable), ofTypes('insurance.alert.raised'));
  // The generated mix carries one health code with no mapping: stored as OTHER and counted.
  const unmapped = await hub.database.db.select().from(t.unmappedCodesTable);
  assert.deepEqual(unmapped.map((u) => [u.department, u.code]), [['health', 'WJ-NEW1']]);
  assert.equal(unmapped[0]!.occurrences, messages.filter((m) => m.valid && m.value.includes('"WJ-NEW1"')).length);
});
