import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedBroker } from '../../hub/embedded-broker.ts';
import { assertExactlyOnce } from '../support/exactly-once.ts';
import { caughtUp, faultStream, ledgerCount } from '../support/fault-stream.ts';
import { spawnIngestProcess } from '../support/spawn-ingest-process.ts';
import { streamPublisher } from '../support/stream-publisher.ts';
import { createTestDatabase } from '../support/test-database.ts';
import { waitFor } from '../support/wait-for.ts';
import { cleanupAfterAll } from '../support/cleanup.ts';

// Issue #6, faults survived: a connector process SIGKILLed again and again
// mid-batch while a 5,000-event stream is consumed, restarted each time.
// Offsets are committed only after their batch is stored, and the ledger
// recognises what a killed process stored but never committed.

const cleanup = cleanupAfterAll();

test('a connector process SIGKILLed again and again mid-batch: restarted each time, exactly once', async () => {
  const broker = await startEmbeddedBroker();
  cleanup(() => broker.stop());
  const database = await createTestDatabase();
  cleanup(() => database.drop());

  const published = faultStream('fault-kill', 4_960);
  assert.ok(published.length >= 5_000);
  const publisher = streamPublisher(broker.bootstrap);
  const publishing = publisher.publish(published, { perSlice: 250, everyMs: 100 }).then(() => publisher.end());

  const kills: number[] = [];
  for (let kill = 0; kill < 5; kill++) {
    const connector = spawnIngestProcess({ bootstrap: broker.bootstrap, databaseUrl: database.url, sessionTimeoutMs: 3_000 });
    cleanup(() => connector.kill());
    await connector.ready();
    const before = await ledgerCount(database.db);
    // Killed at a random moment once it has stored something, so most kills land mid-batch.
    await waitFor('the restarted connector stored events', async () => (await ledgerCount(database.db)) > before, 30_000, 20);
    await sleep(Math.random() * 250);
    await connector.kill();
    kills.push(await ledgerCount(database.db));
  }
  const last = spawnIngestProcess({ bootstrap: broker.bootstrap, databaseUrl: database.url });
  cleanup(() => last.kill());
  await publishing;
  await caughtUp(broker.bootstrap, database.db, published, 60_000);
  assert.ok(kills.at(-1)! < published.filter((m) => m.valid).length, `every kill came before the end of the stream (stored at each kill: ${kills.join(', ')})`);
  await assertExactlyOnce(database.db, published);
  await last.stop();
});
