import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, test } from 'node:test';
import { count } from 'drizzle-orm';
import { createKafkaClient, measureLag } from '../../connectors/runtime/kafka.ts';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../hub/embedded-broker.ts';
import * as t from '../../schema/tables.ts';
import { quietLog } from '../support/ingest-harness.ts';
import { kcatPublish } from '../support/kcat.ts';
import { readSampleFeeds } from '../support/samples.ts';
import { snapshotTables } from '../support/table-snapshot.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';

// Issue #2, test 4: the connector dies (SIGKILL) after its database commit
// and before its offset commit; restarted, it loses nothing and doubles nothing.

let broker: EmbeddedBroker;
let database: TestDatabase;
const health = readSampleFeeds()[0]!;

before(async () => {
  broker = await startEmbeddedBroker();
  database = await createTestDatabase();
});
after(async () => {
  await database?.drop();
  await broker?.stop();
});

function startConnector(crash: boolean): { child: ChildProcess; lines: Record<string, number | boolean>[] } {
  const child = spawn(process.execPath, ['--disable-warning=TimeoutNegativeWarning', new URL('../support/connector-process.ts', import.meta.url).pathname], {
    env: { ...process.env, BOOTSTRAP: broker.bootstrap, DATABASE_URL: database.url, CRASH_AFTER_STORE: crash ? '1' : '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Record<string, number | boolean>[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk) => {
    buffer += String(chunk);
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part));
  });
  return { child, lines };
}

const ledgerCount = async () => (await database.db.select({ n: count() }).from(t.ingestedEventsTable))[0]!.n;

test('a crash between the database commit and the offset commit loses nothing and duplicates nothing', async () => {
  await kcatPublish(broker.bootstrap, health.topic, health.events.map((e, i) => ({ key: e.subject, value: health.lines[i]! })));

  const crashing = startConnector(true);
  const [, signal] = (await once(crashing.child, 'exit')) as [number | null, string | null];
  assert.equal(signal, 'SIGKILL', 'the connector died by SIGKILL');
  const batch = crashing.lines.find((l) => 'storedBeforeCrash' in l)?.storedBeforeCrash as number;
  assert.ok(batch > 0, 'a batch was committed to the database before the crash');
  // Group commit may have stored other partitions' batches in the same transaction.
  const stored = await ledgerCount();
  assert.ok(stored >= batch && stored < health.lines.length, `the crash came after ${stored} of ${health.lines.length} events were stored`);

  const kafka = createKafkaClient({ brokers: [broker.bootstrap], clientId: 'crash-test-observer', log: quietLog });
  const [lagAfterCrash] = await measureLag(kafka, [{ groupId: 'hub.connector.health', topic: health.topic }]);
  assert.equal(lagAfterCrash!.lag, health.lines.length, 'no offset was committed for the stored batch');

  const restarted = startConnector(false);
  await waitFor('all health samples stored after restart', async () => (await ledgerCount()) === health.lines.length, 60_000);
  await waitFor('the group caught up', async () => (await measureLag(kafka, [{ groupId: 'hub.connector.health', topic: health.topic }]))[0]!.lag === 0, 30_000);
  const snapshot = await snapshotTables(database.db);
  restarted.child.kill('SIGTERM');
  await once(restarted.child, 'exit');
  const final = restarted.lines.find((l) => 'duplicates' in l)!;
  assert.equal(final.duplicates, stored, 'the redelivered batch was recognised by the ledger, not written again');
  assert.equal(final.ingested, health.lines.length - stored);
  assert.deepEqual(await snapshotTables(database.db), snapshot);
  assert.equal((await database.db.select({ n: count() }).from(t.institutionsTable))[0]!.n, 20);
  assert.equal((await database.db.select({ n: count() }).from(t.cluesTable))[0]!.n, 10);
});
