import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { connectors } from '../../connectors/index.ts';
import { decodeMessage } from '../../connectors/runtime/decode-message.ts';
import { storeBatch } from '../../connectors/runtime/sink/store-batch.ts';
import * as t from '../../schema/tables.ts';
import { CODE_MAPPING_LOCK_SPACE, lockCodeExclusive } from '../../schema/stewardship/steward-mappings.ts';
import { startGatewayHarness, type GatewayHarness } from '../support/gateway-harness.ts';
import { readSampleFeeds } from '../support/samples.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

// A batch and a steward mapping the same code at the same moment, made deterministic by holding
// one side's transaction open: whichever commits first, no row is left as OTHER beside a mapping in force.

const health = connectors.find((c) => c.department === 'health')!;
const clue = readSampleFeeds()[0]!.events.find((e) => e.type === 'health.clue.reported')!;
let offset = 0;
const clueWith = (code: string, n: string) =>
  decodeMessage(health, {
    topic: health.topic,
    partition: 0,
    offset: String(offset++),
    key: null,
    value: Buffer.from(JSON.stringify({ ...clue, id: `race-${n}`, data: { ...clue.data, clueId: `RACE-${n}`, violationCode: code } })),
    headers: {},
  });

const MAP = `mutation Map($input: MapCodeInput!) { mapCode(input: $input) { version category reclassified } }`;

let database: TestDatabase;
let hub: GatewayHarness;
before(async () => {
  database = await createTestDatabase();
  hub = await startGatewayHarness(database.db);
});
after(async () => {
  hub?.close();
  await database?.drop();
});

/** A gate a held transaction waits on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Sessions waiting for a code-mapping lock, by the mode they asked for. */
async function waitingForCodeLock(): Promise<string[]> {
  const result = await database.db.execute(sql`select mode from pg_locks where locktype = 'advisory' and not granted and classid = ${CODE_MAPPING_LOCK_SPACE}`);
  return (result as unknown as { rows: { mode: string }[] }).rows.map((row) => row.mode);
}

const categoryOf = async (clueId: string) => (await database.db.select({ category: t.cluesTable.category }).from(t.cluesTable).where(eq(t.cluesTable.clueId, clueId)))[0]?.category;

test('a batch still open with the code holds the mapping back; once it commits, the mapping re-classifies its row', async () => {
  const held = gate();
  const stored = gate();
  const batch = database.db.transaction(async (tx) => {
    await storeBatch(tx, [clueWith('WJ-RACE1', '1')]); // the ingest code, inside a transaction kept open
    stored.open();
    await held.opened;
  });
  await stored.opened;
  const steward = await hub.tokenFor('health:000000', ['steward']); // mapping codes needs a national steward
  let settled = false;
  const mapping = hub.query(MAP, { token: steward, variables: { input: { department: 'HEALTH', code: 'WJ-RACE1', category: 'MEDICAL_WASTE', label: '医疗废物处置' } } }).finally(() => (settled = true));
  assert.deepEqual(await waitFor('mapCode to wait for the lock', async () => ((await waitingForCodeLock()).length > 0 ? waitingForCodeLock() : undefined)), ['ExclusiveLock']);
  assert.equal(settled, false);
  held.open();
  await batch;
  const { body } = await mapping;
  assert.deepEqual(body, { data: { mapCode: { version: 1, category: 'MEDICAL_WASTE', reclassified: 1 } } });
  assert.equal(await categoryOf('RACE-1'), 'MEDICAL_WASTE');
});

test('a mapping still open holds a batch with the code back; once it commits, the batch stores the mapped category and counts nothing', async () => {
  const held = gate();
  const locked = gate();
  // As mapCode does it: the exclusive lock, then the new version, in a transaction kept open.
  const mapping = database.db.transaction(async (tx) => {
    await lockCodeExclusive(tx, { department: 'health', code: 'WJ-RACE2' });
    await tx.insert(t.codeMappingsTable).values({ department: 'health', code: 'WJ-RACE2', version: 1, category: 'BRIBERY', label: '回扣', mappedBy: 'steward-test', mappedByAgency: 'health:510000', reclassified: 0 });
    locked.open();
    await held.opened;
  });
  await locked.opened;
  let settled = false;
  const batch = storeBatch(database.db, [clueWith('WJ-RACE2', '2')]).finally(() => (settled = true));
  assert.deepEqual(await waitFor('the batch to wait for the lock', async () => ((await waitingForCodeLock()).length > 0 ? waitingForCodeLock() : undefined)), ['ShareLock']);
  assert.equal(settled, false);
  held.open();
  await mapping;
  assert.equal((await batch).ingested, 1);
  assert.equal(await categoryOf('RACE-2'), 'BRIBERY');
  assert.deepEqual(await database.db.select().from(t.unmappedCodesTable).where(eq(t.unmappedCodesTable.code, 'WJ-RACE2')), []);
});
